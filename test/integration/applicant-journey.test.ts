import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import studyExample from '../../processes/training-study/examples/application.json' with { type: 'json' };
import chancenkarteExample from '../../processes/chancenkarte/examples/application.json' with { type: 'json' };
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
 * and reads the notices; then extends the title and, 22 months on (engine clock moved), settles,
 * giving only what the platform does not hold. Every call here is plain HTTP against the
 * documented API.
 */
const DAY = 24 * 60 * 60 * 1000;

describe('applicant journey: a Blue Card case through the API alone, in English', function () {
  this.timeout(120_000);
  let h: Harness;
  const t: Record<string, string> = {};
  const partners = ['ba', 'bva', 'mission', 'recognition'];
  // An account and a name of this run's own: the once-only profile and evidence are this person's.
  const ME = { ...APPLICANT, subject: `applicant-journey-${randomUUID().slice(0, 8)}` };

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
    t.applicant = await h.token(ME);
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
    application.applicant.applicantId = ME.subject;
    application.applicant.familyName = `Sharma-${randomUUID().slice(0, 8)}`;
    // The skilled worker lets the employer act for them: the application fills their profile.
    const grant = await api()
      .post('/api/v1/grants')
      .set('authorization', `Bearer ${t.applicant}`)
      .send({ role: 'employer', grantee: EMPLOYER.organisation });
    expect(grant.status, JSON.stringify(grant.body)).to.equal(201);
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

    // Stay (issue 19 item 4): the skilled worker extends the title, later settles, and gives
    // only what the platform does not hold — no person, no title, no dates of the title.
    const startOwn = (procedure: string, body: object) =>
      api()
        .post(`/api/v1/procedures/${procedure}/cases`)
        .set('authorization', `Bearer ${t.applicant}`)
        .set('idempotency-key', newKey())
        .send(body);
    const decideAsAbh = async (id: string, result: object) => {
      const tasks = await eventually(async () => {
        const res = await api()
          .get(`/api/v1/tasks?caseId=${id}`)
          .set('authorization', `Bearer ${t.abh}`);
        return res.body.total === 1 ? res.body : undefined;
      }, 'the immigration office task');
      const res = await api()
        .post(`/api/v1/cases/${id}/tasks/${tasks.tasks[0].taskKey}/completion`)
        .set('authorization', `Bearer ${t.abh}`)
        .send(result);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    };
    const extension = await startOwn('residence-extension', {
      abhCode: 'DE-SN-DRESDEN',
      employmentChanged: false,
    });
    expect(extension.status, JSON.stringify(extension.body)).to.equal(201);
    const extensionId = extension.body.caseId as string;
    const extending = await until(extensionId, 'extension at the office', at('DecideExtension'));
    expect(extending.title).to.equal('Extension of the residence title');
    expect(extending.outcome.residenceTitle).to.include({
      kind: 'EU_BLUE_CARD',
      basis: '§18g AufenthG',
      validityMonths: 48,
    });
    const engineNow = await h.engineClock.now();
    const fourYears = new Date(engineNow + 4 * 365 * DAY).toISOString().slice(0, 10);
    await decideAsAbh(extensionId, {
      outcome: 'GRANTED',
      abhReference: 'ABH-DD-J-EXT',
      validUntil: fourYears,
    });
    const extended = await until(extensionId, 'extended', (s) => s.state === 'COMPLETED');
    expect(extended.finalStage).to.deep.equal({
      elementId: 'ExtensionGranted',
      label: 'Residence title extended, eAT ordered',
    });

    // 22 months with the Blue Card and German B1: the settlement permit (§18c (2) AufenthG).
    await h.engineClock.advance(22 * 31 * DAY);
    const settlement = await startOwn('settlement-permit', {
      abhCode: 'DE-SN-DRESDEN',
      pensionContributionMonths: 22,
      germanLanguageLevel: 'B1',
    });
    expect(settlement.status, JSON.stringify(settlement.body)).to.equal(201);
    const settlementId = settlement.body.caseId as string;
    const settling = await until(
      settlementId,
      'settlement at the office',
      at('DecideSettlementPermit'),
    );
    expect(settling.outcome.residenceTitle).to.include({
      kind: 'SETTLEMENT_PERMIT',
      basis: '§18c (2) AufenthG',
      eligible: true,
      requiredMonths: 21,
    });
    await decideAsAbh(settlementId, { outcome: 'GRANTED', abhReference: 'ABH-DD-J-NE' });
    const settled = await until(settlementId, 'settled', (s) => s.state === 'COMPLETED');
    expect(settled.finalStage).to.deep.equal({
      elementId: 'SettlementGranted',
      label: 'Settlement permit granted, eAT ordered',
    });
    const permit = await api()
      .get(settled.notices.find((n) => n.kind === 'RESIDENCE_PERMIT_DECISION')!.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(permit.body.title).to.equal(
      'Decision on the residence title: settlement permit (§18c (2) AufenthG)',
    );
  });

  it('follows a partially recognised qualification through a §16d measure to the skilled-worker title', async () => {
    await autoAnswer(h.simulatorsUrl, ['recognition'], { outcome: 'PARTIALLY_EQUIVALENT' });
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    application.applicant.applicantId = ME.subject;
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

  it('follows a student from the application to a skilled-worker title after the degree (§16b, §20, §18b)', async () => {
    // The applicant applies herself, with the university's admission.
    const { employer: _e, trainingPosition: _p, ...rest } = structuredClone(studyExample);
    const started = await api()
      .post('/api/v1/procedures/training-study/cases')
      .set('authorization', `Bearer ${t.applicant}`)
      .set('idempotency-key', newKey())
      .send({
        ...rest,
        purpose: 'STUDY',
        applicant: { ...rest.applicant, applicantId: ME.subject },
        admission: { ...rest.admission, institution: 'Technische Universität Dresden' },
      });
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const caseId = started.body.caseId as string;
    expect((await status(caseId)).title).to.equal(
      'Vocational training or study (§ 16a, § 16b AufenthG)',
    );

    // The visa runs (partners answer); the immigration office grants the permit for the study.
    const abhTask = async (elementId: string, result: object) => {
      const task = await eventually(async () => {
        const res = await api()
          .get(`/api/v1/tasks?caseId=${caseId}`)
          .set('authorization', `Bearer ${t.abh}`);
        return (res.body.tasks as { elementId: string; taskKey: string }[]).find(
          (k) => k.elementId === elementId,
        );
      }, `${elementId} in the immigration office task list`);
      const done = await api()
        .post(`/api/v1/cases/${caseId}/tasks/${task.taskKey}/completion`)
        .set('authorization', `Bearer ${t.abh}`)
        .send(result);
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
    };
    // A study visa needs the immigration office's consent (§31 AufenthV, abh-consent).
    await until(caseId, 'the consent asked for', at('DecideVisaConsent'));
    await abhTask('DecideVisaConsent', { outcome: 'GRANTED', abhReference: 'ABH-DD-SC' });
    await until(caseId, 'visa granted, permit with the office', at('DecideEducationPermit'));
    await abhTask('DecideEducationPermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-DD-S',
      validUntil: '2031-09-30',
    });
    const studying = await until(caseId, 'studying', at('AwaitEducationCompleted'));
    const under = studying.currentStages.find((s) => s.elementId === 'AwaitEducationCompleted')!;
    expect(under.label).to.equal('Training or study under way: waiting for its completion');
    expect(under.awaiting).to.equal('applicant');
    const permit = await api()
      .get(studying.notices.find((n) => n.kind === 'RESIDENCE_PERMIT_DECISION')!.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(permit.body.body).to.include('§16b (1) AufenthG');

    // The degree, then the job-search title: its end is shown as a deadline with legal effect.
    const completed = await api()
      .post(`/api/v1/cases/${caseId}/messages/education-completed`)
      .set('authorization', `Bearer ${t.applicant}`)
      .send({
        result: 'COMPLETED',
        endedOn: '2029-09-30',
        certificateReference: 'MSc-J-1',
        nextStep: 'JOB_SEARCH',
      });
    expect(completed.status).to.equal(202);
    await abhTask('DecideFollowUpTitle', {
      outcome: 'JOB_SEARCH_TITLE',
      abhReference: 'ABH-DD-S20',
      validUntil: '2031-03-31',
    });
    const searching = await until(caseId, 'job search', at('AwaitSkilledWorkOffer'));
    expect(searching.deadlines.find((d) => d.elementId === 'JobSearchPeriodEnded')?.kind).to.equal(
      'legal-effect',
    );

    // A job offer: the BA approves (partner answers), the office changes the purpose.
    const offer = await api()
      .post(`/api/v1/cases/${caseId}/messages/skilled-work-offer`)
      .set('authorization', `Bearer ${t.applicant}`)
      .send({ employer: wsaExample.employer, jobOffer: wsaExample.jobOffer });
    expect(offer.status, JSON.stringify(offer.body)).to.equal(202);
    await abhTask('DecideFollowUpTitle', {
      outcome: 'SKILLED_WORK_TITLE',
      abhReference: 'ABH-DD-S18B',
      validUntil: '2033-03-31',
    });
    const done = await until(caseId, 'completed', (s) => s.state === 'COMPLETED');
    expect(done.finalStage).to.deep.equal({
      elementId: 'ChangedToSkilledWork',
      label: 'Changed to a skilled-worker title (§ 18a/§ 18b AufenthG)',
    });
    expect(done.outcome.zustimmungOutcome).to.equal('APPROVED');
    expect(done.notices.map((n) => n.kind)).to.deep.equal([
      'VISA_DECISION',
      'RESIDENCE_PERMIT_DECISION',
      'RESIDENCE_PERMIT_DECISION',
      'BA_APPROVAL_DECISION',
      'RESIDENCE_PERMIT_DECISION',
    ]);
  });

  it('applies for a Chancenkarte, reads the decision and whether trial work is covered', async () => {
    const application = structuredClone(chancenkarteExample);
    application.applicant.applicantId = ME.subject;
    application.applicant.familyName = `Reyes-${newKey().slice(-8)}`;
    const started = await api()
      .post('/api/v1/procedures/chancenkarte/cases')
      .set('authorization', `Bearer ${t.applicant}`)
      .set('idempotency-key', newKey())
      .send(application);
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const caseId = started.body.caseId as string;

    const deciding = await until(caseId, 'the office deciding', at('DecideChancenkarte'));
    expect(deciding.currentStages[0]!.label).to.equal(
      'Immigration office deciding on the Chancenkarte',
    );
    const inbox = await eventually(async () => {
      const res = await api()
        .get(`/api/v1/tasks?caseId=${caseId}`)
        .set('authorization', `Bearer ${t.abh}`);
      return res.body.total === 1 ? res.body : undefined;
    }, 'the Chancenkarte in the immigration office task list');
    const validUntil = new Date(
      (await h.engineClock.now()) + 300 * 24 * 60 * 60 * 1000,
    ).toISOString();
    const decided = await api()
      .post(`/api/v1/cases/${caseId}/tasks/${inbox.tasks[0].taskKey}/completion`)
      .set('authorization', `Bearer ${t.abh}`)
      .send({ outcome: 'GRANTED', abhReference: 'ABH-L-CK', validUntil: validUntil.slice(0, 10) });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(200);

    const searching = await until(caseId, 'searching with the card', at('AwaitJobOffer'));
    expect(searching.currentStages[0]!.label).to.equal(
      'Chancenkarte valid: searching, waiting for a job offer',
    );
    expect(searching.deadlines.map((d) => d.label)).to.include(
      "End of the Chancenkarte's validity",
    );
    const reported = await api()
      .post(`/api/v1/cases/${caseId}/messages/chancenkarte-employment-reported`)
      .set('authorization', `Bearer ${t.applicant}`)
      .send({
        kind: 'TRIAL_WORK',
        trialPurpose: 'QUALIFIED_EMPLOYMENT',
        startDate: validUntil.slice(0, 10),
        endDate: validUntil.slice(0, 10),
        weeklyHours: 40,
      });
    expect(reported.status, JSON.stringify(reported.body)).to.equal(202);
    const covered = await until(caseId, 'the trial work assessed', (s) =>
      s.notices.some((n) => n.kind === 'CHANCENKARTE_EMPLOYMENT'),
    );
    const notice = await api()
      .get(covered.notices.find((n) => n.kind === 'CHANCENKARTE_EMPLOYMENT')!.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(notice.body.title).to.equal(
      'Work during the search with the Chancenkarte (§ 20a (2) AufenthG)',
    );
    expect(notice.body.body).to.include('covered by the Chancenkarte');

    const withdrawn = await api()
      .post(`/api/v1/cases/${caseId}/messages/application-withdrawn`)
      .set('authorization', `Bearer ${t.applicant}`)
      .send({ reason: 'Found work elsewhere' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(202);
    const done = await until(caseId, 'withdrawn', (s) => s.state === 'COMPLETED');
    expect(done.finalStage?.elementId).to.equal('Withdrawn');
  });
});
