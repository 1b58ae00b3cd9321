import { expect } from 'chai';
import request from 'supertest';
import {
  getHarness,
  eventually,
  brokerNow,
  advanceBrokerClock,
  type Harness,
} from '../support/harness.js';
import { BA_PARTNER, EMPLOYER, zustimmungApplication, newKey } from '../support/fixtures.js';
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';

/**
 * The BA approval (Zustimmung) end to end: gateway -> real Zeebe -> worker -> BA simulator
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

  async function startAndAwaitBa(accelerated: boolean) {
    const res = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${employerToken}`)
      .set('idempotency-key', newKey())
      .send(zustimmungApplication({ accelerated }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.processInstanceKey).to.be.a('string').and.match(/^\d+$/);
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
    const before = await brokerNow(h.managementUrl);
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
      'SubmitZustimmungRequest:started',
      'SubmitZustimmungRequest:completed',
      'AwaitBaDecision:started',
      'AwaitBaDecision:completed',
      'BaDecisionReceived:started',
      'BaDecisionReceived:completed',
      'ZustimmungGranted:started',
      'ZustimmungGranted:completed',
    ]);
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
    await advanceBrokerClock(h.managementUrl, 13 * DAY);
    // The engine checks due timers continuously; give it time to (wrongly) fire.
    await new Promise((r) => setTimeout(r, 2500));
    const after13 = await status(caseId);
    expect(after13.state).to.equal('ACTIVE');
    expect(after13.awaitedMessages).to.include('ba-zustimmung-decision');

    await advanceBrokerClock(h.managementUrl, 1 * DAY + 60_000);
    const done = await eventually(async () => {
      const s = await status(caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'deemed approval');
    expect(done.finalStage?.elementId).to.equal('ZustimmungDeemedGranted');
    expect(done.outcome.zustimmungOutcome).to.equal('DEEMED_APPROVED');
    expect(done.awaitedMessages).to.deep.equal([]);
  });

  it('uses one week in the accelerated procedure (§81a AufenthG)', async () => {
    const before = await brokerNow(h.managementUrl);
    const { caseId, waiting } = await startAndAwaitBa(true);
    expect(waiting.outcome.deemedApprovalPeriod).to.equal('P7D');
    expect(Date.parse(waiting.deadlines[0]!.dueAt) - before).to.be.within(
      7 * DAY - 60_000,
      7 * DAY + 60_000,
    );
    await advanceBrokerClock(h.managementUrl, 7 * DAY + 60_000);
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
});
