import { expect } from 'chai';
import request from 'supertest';
import example from '../../processes/training-study/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { throughVisa } from '../support/visa-steps.js';
import { visaValidity } from '../support/engine-clock.js';
import {
  ABH_CASEWORKER,
  APPLICANT,
  BA_PARTNER,
  BVA,
  EMPLOYER,
  MISSION,
  newKey,
} from '../support/fixtures.js';

/**
 * Vocational training and study (§16a, §16b AufenthG) on the real engine: the decision table
 * training-study-rules says whether the BA approves the training, the visa route and the side
 * work; after completion the immigration office grants a skilled-worker title (with the BA's
 * approval of the job) or the job-search title (§20 AufenthG), whose end closes the case
 * (clock moved).
 */
const DAY = 24 * 60 * 60 * 1000;

describe('training and study (§16a, §16b AufenthG)', function () {
  this.timeout(120_000);
  let h: Harness;
  let cases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    [t.applicant, t.employer, t.abh, t.ba, t.mission, t.bva] = await Promise.all([
      h.token(APPLICANT),
      h.token(EMPLOYER),
      h.token(ABH_CASEWORKER),
      h.token(BA_PARTNER),
      h.token(MISSION),
      h.token(BVA),
    ]);
    cases = new CaseClient(h.gatewayUrl, t.applicant!);
  });

  const application = (purpose: 'IN_COMPANY_TRAINING' | 'SCHOOL_TRAINING' | 'STUDY') => {
    const a: Record<string, unknown> = {
      ...structuredClone(example),
      purpose,
      applicant: { ...example.applicant, applicantId: APPLICANT.subject },
      employer: { ...example.employer, employerId: EMPLOYER.organisation! },
    };
    if (purpose === 'STUDY') {
      delete a.employer;
      delete a.trainingPosition;
      a.admission = {
        institution: 'Technische Universität Dresden',
        reference: 'ZUL-2027-4711',
        startsOn: '2027-10-01',
        durationMonths: 24,
      };
    }
    return a;
  };

  const send = async (token: string, caseId: string, message: string, payload: object) => {
    const res = await cases.send(token, caseId, message, payload);
    expect(res.status, `${message}: ${JSON.stringify(res.body)}`).to.equal(202);
  };

  /** Visa granted by the mission, then the immigration office grants the permit for the purpose. */
  async function admitted(caseId: string) {
    await throughVisa(
      cases,
      { mission: t.mission!, bva: t.bva!, abh: t.abh! },
      h.engineClock,
      caseId,
      'GRANTED',
    );
    await cases.decide(t.abh!, caseId, 'DecideEducationPermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-16-1',
      validUntil: (await visaValidity(h.engineClock)).validUntil,
    });
    return cases.at(caseId, 'AwaitEducationCompleted');
  }

  const noticeText = async (href: string, lang = 'de') =>
    (
      await request(h.gatewayUrl)
        .get(href)
        .set('authorization', `Bearer ${t.applicant}`)
        .set('accept-language', lang)
    ).body as { body: string; outcome: string };

  it('runs a study without the BA, and changes to a §18b title after a job search that a refused offer does not extend', async () => {
    const caseId = await cases.start('training-study', application('STUDY'));
    const studying = await admitted(caseId);
    const history = studying.history.map((e) => e.elementId);
    expect(history).to.include('DetermineEducationRules');
    expect(history).to.not.include('ObtainTrainingApproval');
    expect(studying.currentStages[0]!.awaiting).to.equal('applicant');
    // The visa ran for the study route; the permit notice names §16b and the side work allowed.
    expect((studying.outcome.visaDecision as { outcome: string }).outcome).to.equal('GRANTED');
    const permit = studying.notices.find((n) => n.kind === 'RESIDENCE_PERMIT_DECISION')!;
    expect(permit.outcome).to.equal('GRANTED');
    const permitText = await noticeText(permit.href);
    expect(permitText.body).to.include('§16b (1) AufenthG');
    expect(permitText.body).to.include('140 Tage oder 280 halbe Tage');

    // Degree, no job yet: the office grants the job-search title (§20), a deadline with legal effect.
    await send(t.applicant!, caseId, 'education-completed', {
      result: 'COMPLETED',
      endedOn: '2029-09-30',
      certificateReference: 'MSc-2029-17',
      nextStep: 'JOB_SEARCH',
    });
    await cases.decide(t.abh!, caseId, 'DecideFollowUpTitle', {
      outcome: 'JOB_SEARCH_TITLE',
      abhReference: 'ABH-20-1',
      validUntil: (await visaValidity(h.engineClock)).validUntil,
    });
    const searching = await cases.at(caseId, 'AwaitSkilledWorkOffer');
    const end = searching.deadlines.find((d) => d.elementId === 'JobSearchPeriodEnded');
    expect(end, JSON.stringify(searching.deadlines)).to.include({
      kind: 'legal-effect',
      basis: '§20 (2) AufenthG',
      authority: 'ABH',
    });
    const days = (Date.parse(end!.dueAt) - (await h.engineClock.now())) / DAY;
    expect(days).to.be.within(540, 552); // 18 months from now

    // A first offer the BA refuses: the office lets the search go on, which does not extend it.
    const offer = (title: string) => ({
      employer: { employerId: EMPLOYER.organisation!, name: 'Muster Technik GmbH' },
      jobOffer: {
        title,
        occupationCode: '26302',
        grossAnnualSalaryEur: 52000,
        weeklyHours: 40,
        startDate: '2030-01-01',
        workplace: { postalCode: '01067', city: 'Dresden' },
      },
    });
    await send(t.applicant!, caseId, 'skilled-work-offer', offer('Technikerin'));
    await cases.at(caseId, 'AwaitBaDecision');
    await send(t.ba!, caseId, 'ba-zustimmung-decision', {
      outcome: 'REFUSED',
      baReference: 'BA-18B-0',
    });
    await cases.at(caseId, 'DecideFollowUpTitle');
    await h.engineClock.advance(30 * DAY);
    await cases.decide(t.abh!, caseId, 'DecideFollowUpTitle', {
      outcome: 'JOB_SEARCH_TITLE',
      abhReference: 'ABH-20-1b',
      validUntil: (await visaValidity(h.engineClock)).validUntil,
    });
    const stillSearching = await cases.until(
      caseId,
      'searching again',
      (s) =>
        s.currentStages.some((st) => st.elementId === 'AwaitSkilledWorkOffer') &&
        s.history.filter((e) => e.elementId === 'AwaitSkilledWorkOffer').length > 1,
    );
    expect(
      stillSearching.deadlines.find((d) => d.elementId === 'JobSearchPeriodEnded')?.dueAt,
    ).to.equal(end!.dueAt);

    // A job the BA approves as §18b employment: the office changes the purpose.
    await send(t.applicant!, caseId, 'skilled-work-offer', offer('Ingenieurin Elektrotechnik'));
    await cases.at(caseId, 'AwaitBaDecision');
    await send(t.ba!, caseId, 'ba-zustimmung-decision', {
      outcome: 'APPROVED',
      baReference: 'BA-18B-1',
    });
    await cases.decide(t.abh!, caseId, 'DecideFollowUpTitle', {
      outcome: 'SKILLED_WORK_TITLE',
      abhReference: 'ABH-18B-1',
      validUntil: (await visaValidity(h.engineClock)).validUntil,
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ChangedToSkilledWork');
    expect(done.outcome.zustimmungOutcome).to.equal('APPROVED');
    const kinds = done.notices.map((n) => [n.kind, n.outcome]);
    expect(kinds).to.deep.include(['VISA_DECISION', 'GRANTED']);
    expect(kinds.filter(([k]) => k === 'RESIDENCE_PERMIT_DECISION')).to.deep.equal([
      ['RESIDENCE_PERMIT_DECISION', 'GRANTED'],
      ['RESIDENCE_PERMIT_DECISION', 'GRANTED'],
      ['RESIDENCE_PERMIT_DECISION', 'GRANTED'],
      ['RESIDENCE_PERMIT_DECISION', 'GRANTED'],
    ]);
    const last = await noticeText(done.notices.at(-1)!.href);
    expect(last.body).to.include('§18b AufenthG');
    // Every title granted went to the AZR once, with its basis [seed 004].
    const titles = [...h.simulators.azr.effects.values()]
      .map((e) => e.body as { caseId: string; event: string; decision: { basis?: string } })
      .filter((b) => b.caseId === caseId && b.event === 'RESIDENCE_TITLE_GRANTED')
      .map((b) => b.decision.basis)
      .sort();
    expect(titles).to.deep.equal([
      '§16b (1) AufenthG',
      '§18b AufenthG',
      '§20 (1) no. 1 AufenthG',
      '§20 (1) no. 1 AufenthG',
    ]);
  });

  it('asks the BA for an in-company training started by the training company, and closes when it refuses', async () => {
    const employerCases = new CaseClient(h.gatewayUrl, t.employer!);
    const caseId = await employerCases.start('training-study', application('IN_COMPANY_TRAINING'));
    await employerCases.at(caseId, 'AwaitBaDecision');
    await send(t.ba!, caseId, 'ba-zustimmung-decision', {
      outcome: 'REFUSED',
      baReference: 'BA-16A-1',
    });
    const done = await employerCases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('TrainingNotApproved');
    expect(done.history.map((e) => e.elementId)).to.not.include('AwaitApplicationLodged');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.include([
      'APPLICATION_CLOSED',
      'BA_APPROVAL_REFUSED',
    ]);
  });

  it('closes a school-based training’s job search when its 18 months pass without an offer', async () => {
    const caseId = await cases.start('training-study', application('SCHOOL_TRAINING'));
    const training = await admitted(caseId);
    expect(training.history.map((e) => e.elementId)).to.not.include('ObtainTrainingApproval');
    const permit = training.notices.find((n) => n.kind === 'RESIDENCE_PERMIT_DECISION')!;
    const permitText = await noticeText(permit.href);
    expect(permitText.body).to.include('§16a (2) AufenthG');
    expect(permitText.body).to.include('20 Stunden je Woche');
    await send(t.applicant!, caseId, 'education-completed', {
      result: 'COMPLETED',
      endedOn: '2030-07-31',
      certificateReference: 'PFK-2030-3',
      nextStep: 'JOB_SEARCH',
    });
    await cases.decide(t.abh!, caseId, 'DecideFollowUpTitle', {
      outcome: 'JOB_SEARCH_TITLE',
      abhReference: 'ABH-20-2',
      validUntil: (await visaValidity(h.engineClock)).validUntil,
    });
    await cases.at(caseId, 'AwaitSkilledWorkOffer');
    await h.engineClock.advance(560 * DAY);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('JobSearchEndedWithoutOffer');
    expect(done.notices.at(-1)).to.include({
      kind: 'APPLICATION_CLOSED',
      outcome: 'JOB_SEARCH_PERIOD_ENDED',
    });
    expect((await noticeText(done.notices.at(-1)!.href, 'en')).body).to.include(
      'job-search period',
    );
  });

  it('names the field a completion without its next step lacks, and closes a discontinued study', async () => {
    const caseId = await cases.start('training-study', application('STUDY'));
    await admitted(caseId);
    const bad = await cases.send(t.applicant!, caseId, 'education-completed', {
      result: 'COMPLETED',
      endedOn: '2029-09-30',
      certificateReference: 'BSc-2029-1',
    });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.include('nextStep');
    await send(t.applicant!, caseId, 'education-completed', {
      result: 'DISCONTINUED',
      endedOn: '2028-03-31',
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('EducationDiscontinued');
    expect(done.notices.at(-1)).to.include({
      kind: 'APPLICATION_CLOSED',
      outcome: 'EDUCATION_DISCONTINUED',
    });
  });

  it('refuses an in-company training without the training company, naming the field', async () => {
    const a = application('IN_COMPANY_TRAINING');
    delete a.trainingPosition;
    const res = await request(h.gatewayUrl)
      .post('/api/v1/procedures/training-study/cases')
      .set('authorization', `Bearer ${t.applicant}`)
      .set('idempotency-key', newKey())
      .send(a);
    expect(res.status).to.equal(400);
    expect(JSON.stringify(res.body)).to.include('trainingPosition');
  });
});
