import { expect } from 'chai';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import chancenkarteExample from '../../processes/chancenkarte/examples/application.json' with { type: 'json' };
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { autoAnswer } from '../support/simulators.js';
import { ABH_CASEWORKER, APPLICANT, EMPLOYER, newKey } from '../support/fixtures.js';

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
  const partners = ['ba', 'bva', 'mission'];

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
    await autoAnswer(h.simulatorsUrl, partners, { enabled: false });
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
  });

  it('applies for a Chancenkarte, reads the decision and whether trial work is covered', async () => {
    const application = structuredClone(chancenkarteExample);
    application.applicant.applicantId = APPLICANT.subject;
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
