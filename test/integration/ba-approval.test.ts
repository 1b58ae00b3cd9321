import { expect } from 'chai';
import request from 'supertest';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { BA_PARTNER, EMPLOYER, zustimmungApplication, newKey } from '../support/fixtures.js';
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';

/**
 * The BA approval (Zustimmung) end to end: gateway -> real Operaton engine -> worker -> BA simulator
 * -> message through the gateway or the legal timer -> status from the projection.
 */
const DAY = 24 * 60 * 60 * 1000;

describe('BA approval (Zustimmung) end to end', function () {
  this.timeout(90_000);
  let h: Harness;
  let employerToken: string;
  let baToken: string;

  before(async () => {
    h = await getHarness();
    employerToken = await h.token(EMPLOYER);
    baToken = await h.token(BA_PARTNER);
  });

  async function status(caseId: string, lang = 'en'): Promise<CaseStatus> {
    const res = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${employerToken}`)
      .set('accept-language', lang);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as CaseStatus;
  }

  async function startAndAwaitBa(accelerated: boolean, employmentPurpose?: string) {
    const res = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${employerToken}`)
      .set('idempotency-key', newKey())
      .send({
        ...zustimmungApplication({ accelerated }),
        ...(employmentPurpose ? { employmentPurpose } : {}),
      });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.processInstanceKey)
      .to.be.a('string')
      .and.match(/^[0-9a-f-]{36}$/);
    const caseId = res.body.caseId as string;
    const waiting = await eventually(async () => {
      const s = await status(caseId);
      return s.awaitedMessages.includes('ba-zustimmung-decision') &&
        s.deadlines.length === 1 &&
        s.outcome.baRequestId &&
        s.currentStages.length === 1 &&
        s.currentStages[0]!.elementId === 'AwaitBaDecision'
        ? s
        : undefined;
    }, 'case waiting for the BA decision');
    return { caseId, waiting };
  }

  function decide(caseId: string, outcome: 'APPROVED' | 'REFUSED') {
    return request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
      .set('authorization', `Bearer ${baToken}`)
      .set('idempotency-key', newKey())
      .send({
        outcome,
        baReference: `BA-AZ-${Date.now()}`,
        ...(outcome === 'REFUSED' ? { reasons: ['Arbeitsbedingungen nicht vergleichbar'] } : {}),
      });
  }

  it('submits the job offer to the BA once and completes as granted when the BA approves', async () => {
    const before = await h.engineClock.now();
    const { caseId, waiting } = await startAndAwaitBa(false);

    expect(waiting.state).to.equal('ACTIVE');
    expect(waiting.currentStages.map((s) => s.elementId)).to.deep.equal(['AwaitBaDecision']);
    expect(waiting.currentStages[0]!.awaiting).to.equal('BA');
    expect(waiting.outcome.deemedApprovalPeriod).to.equal('P14D');
    const dueAt = Date.parse(waiting.deadlines[0]!.dueAt);
    expect(dueAt - before).to.be.within(14 * DAY - 60_000, 14 * DAY + 60_000);

    // The BA simulator saw exactly one request for this case, with the employer's data.
    const effects = [...h.simulators.ba.effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );
    expect(effects).to.have.length(1);
    expect(effects[0]!.calls).to.equal(1);
    expect(
      (effects[0]!.body as { jobOffer: { occupationCode: string } }).jobOffer.occupationCode,
    ).to.equal('81302');
    expect(waiting.outcome.baRequestId).to.equal(effects[0]!.result.baRequestId);

    const res = await decide(caseId, 'APPROVED');
    expect(res.status, JSON.stringify(res.body)).to.equal(202);

    const done = await eventually(async () => {
      const s = await status(caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'case completed');
    expect(done.finalStage?.elementId).to.equal('ZustimmungGranted');
    expect(done.outcome.zustimmungOutcome).to.equal('APPROVED');
    expect(done.currentStages).to.deep.equal([]);
    expect(done.deadlines).to.deep.equal([]);
    expect(done.endedAt).to.be.a('string');
    // The timeline shows each step once, in order.
    const steps = done.history.map((e) => `${e.elementId}:${e.event}`);
    expect(steps).to.deep.equal([
      'DetermineDeemedApprovalPeriod:started',
      'DetermineDeemedApprovalPeriod:completed',
      'DetermineBaChecks:started',
      'DetermineBaChecks:completed',
      'SubmitZustimmungRequest:started',
      'SubmitZustimmungRequest:completed',
      'AwaitBaDecision:started',
      'AwaitBaDecision:completed',
      'BaDecisionReceived:started',
      'BaDecisionReceived:completed',
      'IssueBaNotice:started',
      'IssueBaNotice:completed',
      'DetermineBaFactValidity:started',
      'DetermineBaFactValidity:completed',
      'RecordBaDecision:started',
      'RecordBaDecision:completed',
      'ReportBaDecisionToAzr:started',
      'ReportBaDecisionToAzr:completed',
      'ZustimmungGranted:started',
      'ZustimmungGranted:completed',
    ]);
  });

  it('asks the BA for the checks the law sets for the purpose: a priority check only under §39 (3) AufenthG', async () => {
    const checksSent = (caseId: string) =>
      [...h.simulators.ba.effects.values()].find(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      )!.body as {
        checks: { workingConditionsCheck: boolean; priorityCheck: boolean; basis: string };
      };

    const skilled = await startAndAwaitBa(false, 'SKILLED_WORKER_DEGREE_18B');
    expect(skilled.waiting.outcome.baChecks).to.deep.equal({
      workingConditionsCheck: true,
      priorityCheck: false,
      basis: '§39 (2) AufenthG',
    });
    expect(checksSent(skilled.caseId).checks.priorityCheck).to.equal(false);

    const other = await startAndAwaitBa(false, 'EMPLOYMENT_39_3');
    expect(other.waiting.outcome.baChecks).to.deep.equal({
      workingConditionsCheck: true,
      priorityCheck: true,
      basis: '§39 (3) AufenthG',
    });
    expect(checksSent(other.caseId).checks).to.deep.equal(other.waiting.outcome.baChecks);
    // The BA answers with the result of each check it made.
    const res = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${other.caseId}/messages/ba-zustimmung-decision`)
      .set('authorization', `Bearer ${baToken}`)
      .set('idempotency-key', newKey())
      .send({
        outcome: 'REFUSED',
        baReference: 'BA-AZ-39-3',
        reasons: ['Bevorrechtigte Bewerber verfügbar'],
        checkResults: { workingConditions: 'MET', priority: 'NOT_MET' },
      });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const done = await eventually(async () => {
      const s = await status(other.caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'refused case completed');
    expect(done.finalStage?.elementId).to.equal('ZustimmungRefused');

    // Without a stated purpose (after entry): the skilled worker's checks.
    const unstated = await startAndAwaitBa(false);
    expect(
      (unstated.waiting.outcome.baChecks as { priorityCheck: boolean }).priorityCheck,
    ).to.equal(false);
    // A purpose the table does not know is refused at the door.
    const bad = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${employerToken}`)
      .set('idempotency-key', newKey())
      .send({ ...zustimmungApplication(), employmentPurpose: 'TOURISM' });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.contain('/employmentPurpose');
  });

  it('ends as refused when the BA refuses, and speaks German on request', async () => {
    const { caseId } = await startAndAwaitBa(false);
    expect((await decide(caseId, 'REFUSED')).status).to.equal(202);
    const done = await eventually(async () => {
      const s = await status(caseId, 'de');
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'case completed');
    expect(done.finalStage).to.deep.equal({
      elementId: 'ZustimmungRefused',
      label: 'Zustimmung versagt',
    });
    expect(done.outcome.zustimmungOutcome).to.equal('REFUSED');
    expect(done.title).to.equal('Zustimmung der Bundesagentur für Arbeit');
  });

  it('counts the BA silence as approval after two weeks (§36 (2) BeschV), not before', async () => {
    const { caseId } = await startAndAwaitBa(false);
    await h.engineClock.advance(13 * DAY);
    // The engine checks due timers continuously; give it time to (wrongly) fire.
    await new Promise((r) => setTimeout(r, 2500));
    const after13 = await status(caseId);
    expect(after13.state).to.equal('ACTIVE');
    expect(after13.awaitedMessages).to.include('ba-zustimmung-decision');

    await h.engineClock.advance(1 * DAY + 60_000);
    const done = await eventually(async () => {
      const s = await status(caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'deemed approval');
    expect(done.finalStage?.elementId).to.equal('ZustimmungDeemedGranted');
    expect(done.outcome.zustimmungOutcome).to.equal('DEEMED_APPROVED');
    expect(done.awaitedMessages).to.deep.equal([]);
  });

  it('uses one week in the accelerated procedure (§81a AufenthG)', async () => {
    const before = await h.engineClock.now();
    const { caseId, waiting } = await startAndAwaitBa(true);
    expect(waiting.outcome.deemedApprovalPeriod).to.equal('P7D');
    expect(Date.parse(waiting.deadlines[0]!.dueAt) - before).to.be.within(
      7 * DAY - 60_000,
      7 * DAY + 60_000,
    );
    await h.engineClock.advance(7 * DAY + 60_000);
    const done = await eventually(async () => {
      const s = await status(caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'deemed approval (accelerated)');
    expect(done.finalStage?.elementId).to.equal('ZustimmungDeemedGranted');
  });

  it('retries the BA submission through an outage without a second side effect', async () => {
    h.simulators.ba.config.failNext = 2;
    const { caseId, waiting } = await startAndAwaitBa(false);
    expect(h.simulators.ba.config.failNext).to.equal(0);
    const effects = [...h.simulators.ba.effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );
    expect(effects).to.have.length(1);
    expect(waiting.delayedByTechnicalProblem).to.equal(false);
  });

  function send(token: string, caseId: string, message: string, body: object) {
    return request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/messages/${message}`)
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', newKey())
      .send(body);
  }

  it('passes the BA questions to the employer and the answer to the BA, then restarts the BA period', async () => {
    const { caseId, waiting } = await startAndAwaitBa(false);
    const firstDue = Date.parse(waiting.deadlines[0]!.dueAt);
    const questions = ['Bitte Tarifbindung angeben', 'Bitte Arbeitsvertrag nachreichen'];
    expect(
      (await send(baToken, caseId, 'ba-information-request', { baReference: 'BA-7', questions }))
        .status,
    ).to.equal(202);

    const asking = await eventually(async () => {
      const s = await status(caseId);
      return s.currentStages[0]?.elementId === 'AwaitEmployerInformation' ? s : undefined;
    }, 'waiting for the employer');
    expect(asking.currentStages[0]!.awaiting).to.equal('employer');
    expect(asking.deadlines).to.deep.equal([]); // the BA's period does not run now
    expect(
      (asking.outcome.baInformationRequest as { questions: string[] }).questions,
    ).to.deep.equal(questions);
    expect(asking.awaitedMessages.sort()).to.deep.equal([
      'ba-zustimmung-decision',
      'employer-information-response',
    ]);

    // The BA may not answer for the employer.
    expect(
      (await send(baToken, caseId, 'employer-information-response', { answers: ['x'] })).status,
    ).to.equal(403);
    await h.engineClock.advance(60_000);
    const answers = ['Tarifvertrag Pflege Sachsen', 'Vertrag folgt per Portal'];
    expect(
      (await send(employerToken, caseId, 'employer-information-response', { answers })).status,
    ).to.equal(202);

    const again = await eventually(async () => {
      const s = await status(caseId);
      return s.currentStages[0]?.elementId === 'AwaitBaDecision' && s.deadlines.length === 1
        ? s
        : undefined;
    }, 'waiting for the BA again');
    // A fresh period from the complete information, later than the first one.
    expect(Date.parse(again.deadlines[0]!.dueAt)).to.be.greaterThan(firstDue);
    const sent = [...h.simulators.ba.effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId && e.path.endsWith('/information'),
    );
    expect(sent).to.have.length(1);
    expect((sent[0]!.body as { answers: string[] }).answers).to.deep.equal(answers);

    expect((await decide(caseId, 'APPROVED')).status).to.equal(202);
    const done = await eventually(async () => {
      const s = await status(caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'completed');
    expect(done.finalStage?.elementId).to.equal('ZustimmungGranted');
    expect(done.history.map((e) => e.elementId)).to.include.members([
      'BaInformationRequested',
      'EmployerInformationProvided',
      'SubmitAdditionalInformation',
    ]);
  });

  it('lets the BA decide while it waits for the employer', async () => {
    const { caseId } = await startAndAwaitBa(false);
    await send(baToken, caseId, 'ba-information-request', {
      baReference: 'BA-8',
      questions: ['Gehalt?'],
    });
    await eventually(
      async () =>
        (await status(caseId)).currentStages[0]?.elementId === 'AwaitEmployerInformation'
          ? true
          : undefined,
      'waiting for the employer',
    );
    expect((await decide(caseId, 'REFUSED')).status).to.equal(202);
    const done = await eventually(async () => {
      const s = await status(caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'completed');
    expect(done.finalStage?.elementId).to.equal('ZustimmungRefused');
    expect(done.outcome.zustimmungOutcome).to.equal('REFUSED');
    // The employer's answer now comes too late: nobody waits for it.
    expect(
      (await send(employerToken, caseId, 'employer-information-response', { answers: ['zu spät'] }))
        .status,
    ).to.equal(409);
  });
});
