import { expect } from 'chai';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import studyExample from '../../processes/training-study/examples/application.json' with { type: 'json' };
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
        applicant: { ...rest.applicant, applicantId: APPLICANT.subject },
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
});
