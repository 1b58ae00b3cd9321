import { expect } from 'chai';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { autoAnswer } from '../support/simulators.js';
import familyExample from '../../processes/family-reunification/examples/application.json' with { type: 'json' };
import {
  ABH_CASEWORKER,
  APPLICANT,
  EMPLOYER,
  RECOGNITION_BODY,
  newKey,
} from '../support/fixtures.js';

/**
 * An applicant follows a Blue Card case from submission to residence permit through the
 * API alone, in English: the employer applies, the partner authorities answer (simulators
 * with auto-answer on), the applicant reads where the case is, uploads a document, arrives,
 * and reads the notices. Every call here is plain HTTP against the documented API.
 */
describe('applicant journey: a Blue Card case through the API alone, in English', function () {
  this.timeout(120_000);
  let h: Harness;
  const t: Record<string, string> = {};
  const partners = ['ba', 'bva', 'mission', 'recognition'];

  const api = () => request(h.gatewayUrl);
  const status = async (caseId: string): Promise<CaseStatus> => {
    const res = await api()
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en-GB,en;q=0.9');
    expect(res.status).to.equal(200);
    expect(res.headers['content-language']).to.equal('en');
    return res.body as CaseStatus;
  };
  const until = (caseId: string, what: string, ok: (s: CaseStatus) => boolean) =>
    eventually(async () => {
      const s = await status(caseId);
      return ok(s) ? s : undefined;
    }, what);
  const at = (elementId: string) => (s: CaseStatus) =>
    s.currentStages.some((st) => st.elementId === elementId);

  before(async () => {
    h = await getHarness();
    t.applicant = await h.token(APPLICANT);
    t.employer = await h.token(EMPLOYER);
    t.abh = await h.token(ABH_CASEWORKER);
    await autoAnswer(h.simulatorsUrl, partners, { enabled: true, delayMs: 0, outcome: null });
  });
  after(async () => {
    await autoAnswer(h.simulatorsUrl, partners, { enabled: false, outcome: null });
  });

  it('follows the case from the application to the residence permit', async () => {
    // The employer applies for the skilled worker (Blue Card, shortage occupation).
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    application.applicant.applicantId = APPLICANT.subject;
    const started = await api()
      .post('/api/v1/procedures/wsa-application/cases')
      .set('authorization', `Bearer ${t.employer}`)
      .set('idempotency-key', newKey())
      .send(application);
    expect(started.status).to.equal(201);
    const caseId = started.body.caseId as string;

    // The applicant sees the case in plain English: the title, the route, the stages.
    const first = await status(caseId);
    expect(first.title).to.equal('Skilled-worker application');

    // Visa granted by the mission: the applicant is asked to arrive, with the deadline.
    const granted = await until(caseId, 'visa granted, waiting for arrival', at('AwaitArrival'));
    const arrival = granted.currentStages.find((s) => s.elementId === 'AwaitArrival')!;
    expect(arrival.label).to.equal(
      'Visa granted: waiting for arrival and the residence permit application',
    );
    expect(arrival.awaiting).to.equal('applicant');
    expect(granted.deadlines.map((d) => d.label)).to.include('Visa expired');
    expect((granted.outcome.legalRoute as { route: string }).route).to.equal('BLUE_CARD_18G');
    expect(granted.outcome.zustimmungOutcome).to.equal('APPROVED');
    expect(granted.history.map((e) => e.label)).to.include.members(['Determining the legal route']);
    const visaNotice = await api()
      .get(granted.notices.find((n) => n.kind === 'VISA_DECISION')!.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(visaNotice.body.title).to.equal('Decision on the national visa');
    expect(visaNotice.body.body).to.include('granted');

    // The applicant gives their passport once, then reports the arrival.
    const passport = await api()
      .post(`/api/v1/cases/${caseId}/documents?type=PASSPORT&name=passport.pdf`)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from(`%PDF-1.7 passport of ${caseId}`));
    expect(passport.status).to.equal(201);
    const arrived = await api()
      .post(`/api/v1/cases/${caseId}/messages/arrived-in-germany`)
      .set('authorization', `Bearer ${t.applicant}`)
      .send({
        enteredOn: (granted.outcome.visaDecision as { validFrom: string }).validFrom,
        abhCode: 'DE-SN-DRESDEN',
        employmentChanged: false,
      });
    expect(arrived.status).to.equal(202);

    // The immigration office decides (its caseworker, through the same API).
    const withAbh = await until(caseId, 'immigration office deciding', at('DecideResidencePermit'));
    expect(withAbh.notices.map((n) => n.kind)).to.include('FIKTIONSBESCHEINIGUNG');
    const task = withAbh.openTasks.find((o) => o.elementId === 'DecideResidencePermit');
    expect(task, 'the applicant sees no caseworker task').to.equal(undefined);
    const inbox = await eventually(async () => {
      const res = await api()
        .get(`/api/v1/tasks?caseId=${caseId}`)
        .set('authorization', `Bearer ${t.abh}`);
      return res.body.total === 1 ? res.body : undefined;
    }, 'the decision in the immigration office task list');
    const decided = await api()
      .post(`/api/v1/cases/${caseId}/tasks/${inbox.tasks[0].taskKey}/completion`)
      .set('authorization', `Bearer ${t.abh}`)
      .send({ outcome: 'GRANTED', abhReference: 'ABH-DD-J', validUntil: '2031-02-28' });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(200);

    const done = await until(caseId, 'completed', (s) => s.state === 'COMPLETED');
    expect(done.finalStage).to.deep.equal({
      elementId: 'ResidencePermitGranted',
      label: 'Residence permit granted',
    });
    expect(done.notices.map((n) => n.kind)).to.deep.equal([
      'BA_APPROVAL_DECISION',
      'VISA_DECISION',
      'FIKTIONSBESCHEINIGUNG',
      'RESIDENCE_PERMIT_DECISION',
    ]);
    expect(done.outcome.eatOrderId).to.be.a('string');
    expect(done.awaitedMessages).to.deep.equal([]);

    // The spouse joins (§30 AufenthG): the applicant links a family case to theirs; the
    // immigration office at the family's place of residence consents to the visa (§31 AufenthV).
    const family = await api()
      .post('/api/v1/procedures/family-reunification/cases')
      .set('authorization', `Bearer ${t.applicant}`)
      .set('idempotency-key', newKey())
      .send({
        ...familyExample,
        mainCaseId: caseId,
        applicant: application.applicant,
        abhCode: 'DE-SN-DRESDEN',
      });
    expect(family.status, JSON.stringify(family.body)).to.equal(201);
    const familyCase = family.body.caseId as string;
    const consenting = await until(
      familyCase,
      'the office deciding on its consent',
      at('DecideVisaConsent'),
    );
    const consentStage = consenting.currentStages.find(
      (st) => st.elementId === 'DecideVisaConsent',
    )!;
    expect(consentStage.label).to.equal(
      'The immigration office decides on its consent to the visa',
    );
    expect(consentStage.awaiting).to.equal('ABH');
    const dresden = await h.token({
      subject: 'abh-dd-journey',
      role: 'caseworker',
      authority: 'ABH',
      office: 'DE-SN-DRESDEN',
    });
    const consentTask = await eventually(async () => {
      const res = await api()
        .get(`/api/v1/tasks?caseId=${familyCase}`)
        .set('authorization', `Bearer ${dresden}`);
      return res.body.total === 1 ? res.body.tasks[0] : undefined;
    }, 'the consent in the Dresden office task list');
    const consented = await api()
      .post(`/api/v1/cases/${familyCase}/tasks/${consentTask.taskKey}/completion`)
      .set('authorization', `Bearer ${dresden}`)
      .send({ outcome: 'GRANTED', abhReference: 'ABH-DD-FAM-J' });
    expect(consented.status, JSON.stringify(consented.body)).to.equal(200);
    const joined = await until(familyCase, 'family visa decided', (st) => st.state === 'COMPLETED');
    expect(joined.finalStage?.elementId).to.equal('FamilyVisaGranted');
  });

  it('follows a partially recognised qualification through a §16d measure to the skilled-worker title', async () => {
    await autoAnswer(h.simulatorsUrl, ['recognition'], { outcome: 'PARTIALLY_EQUIVALENT' });
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    application.applicant.applicantId = APPLICANT.subject;
    application.qualification.kind = 'VOCATIONAL_TRAINING';
    application.qualification.recognition = 'NOT_ASSESSED';
    application.documents.push({ type: 'VOCATIONAL_CERTIFICATE', name: 'Diploma.pdf' });
    const started = await api()
      .post('/api/v1/procedures/wsa-application/cases')
      .set('authorization', `Bearer ${t.employer}`)
      .set('idempotency-key', newKey())
      .send(application);
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const caseId = started.body.caseId as string;

    // Partially equivalent: the applicant reads that a way under §16d is to be chosen.
    const choosing = await until(caseId, 'a §16d way to choose', at('AwaitMeasureChoice'));
    expect(
      choosing.currentStages.find((st) => st.elementId === 'AwaitMeasureChoice')!.label,
    ).to.equal(
      'Waiting for the chosen way (measure, recognition partnership or qualification analysis)',
    );
    const chosen = await api()
      .post(`/api/v1/cases/${caseId}/messages/qualification-measure-chosen`)
      .set('authorization', `Bearer ${t.employer}`)
      .send({ path: 'QUALIFICATION_MEASURE', predominantlyInCompany: false });
    expect(chosen.status, JSON.stringify(chosen.body)).to.equal(202);
    await until(caseId, 'measure under way', at('AwaitRecognitionAfterMeasure'));
    const recognised = await api()
      .post(`/api/v1/cases/${caseId}/messages/recognition-after-measure`)
      .set('authorization', `Bearer ${await h.token(RECOGNITION_BODY)}`)
      .send({ result: 'EQUIVALENT', fileReference: 'ANR-16D-J' });
    expect(recognised.status, JSON.stringify(recognised.body)).to.equal(202);

    // Recognised: the applicant applies for the §18a title themselves.
    const applying = await until(caseId, 'the title to apply for', at('AwaitChangeOfPurpose'));
    expect(
      applying.currentStages.find((st) => st.elementId === 'AwaitChangeOfPurpose')!.awaiting,
    ).to.equal('applicant');
    const applied = await api()
      .post(`/api/v1/cases/${caseId}/messages/change-of-purpose-applied`)
      .set('authorization', `Bearer ${t.applicant}`)
      .send({
        route: 'SKILLED_WORKER_VOCATIONAL_18A',
        abhCode: 'DE-SN-DRESDEN',
        travelDocument: application.travelDocument,
        employmentChanged: false,
      });
    expect(applied.status, JSON.stringify(applied.body)).to.equal(202);
    await until(caseId, 'the office deciding on the title', at('DecideResidencePermit'));
    const inbox = await eventually(async () => {
      const res = await api()
        .get(`/api/v1/tasks?caseId=${caseId}`)
        .set('authorization', `Bearer ${t.abh}`);
      return res.body.total === 1 ? res.body : undefined;
    }, 'the title decision in the immigration office task list');
    const decided = await api()
      .post(`/api/v1/cases/${caseId}/tasks/${inbox.tasks[0].taskKey}/completion`)
      .set('authorization', `Bearer ${t.abh}`)
      .send({ outcome: 'GRANTED', abhReference: 'ABH-DD-16D-J', validUntil: '2031-02-28' });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(200);
    const done = await until(caseId, 'completed', (st) => st.state === 'COMPLETED');
    expect((done.outcome.permitDecision as { outcome: string }).outcome).to.equal('GRANTED');
    expect(done.notices.map((n) => n.kind)).to.include.members([
      'RECOGNITION_DECISION',
      'RESIDENCE_PERMIT_DECISION',
    ]);
  });
});
