import { expect } from 'chai';
import request from 'supertest';
import { components, startComponent, stopComponent } from '../../scripts/stack/infra.js';
import { getProfile } from '../../scripts/stack/profiles.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';

/**
 * PostgreSQL (the store) or Redis away for a while (issue 8): the gateway answers 503 with Retry-After
 * instead of failing obscurely, the engine goes on, and once the part is back the projector
 * catches up — nothing is lost, nothing is applied twice.
 */
const profile = getProfile('test');
const component = (name: string) => components(profile).find((c) => c.name === name)!;
const quiet = () => undefined;

describe('resilience: the store and Redis stopped and started again', function () {
  this.timeout(120_000);
  let h: Harness;
  let cases: CaseClient;
  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
  });
  // Whatever happens, the parts are running again for the tests after these.
  after(async () => {
    await startComponent(profile, component('postgres'), quiet);
    await startComponent(profile, component('redis'), quiet);
  });

  it('answers 503 with Retry-After while the store is down; the case completes and is projected after', async () => {
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    const waiting = await cases.at(caseId, 'AwaitBaDecision');
    const token = await h.token(EMPLOYER);

    await stopComponent(profile, 'postgres', quiet);
    try {
      // The case record is remembered, but no answer goes out without its audit entry: 503
      // once the gateway has noticed (heartbeat every second).
      const res = await eventually(
        async () => {
          const r = await request(h.gatewayUrl)
            .get(`/api/v1/cases/${caseId}`)
            .set('authorization', `Bearer ${token}`);
          return r.status === 503 ? r : undefined;
        },
        '503 while the store is down',
        5_000,
      );
      expect(res.headers['retry-after']).to.equal('5');
      expect(res.body.type).to.match(/unavailable$/);
      // The engine does not need the store: the BA's decision reaches the case meanwhile
      // (straight to the engine, as the gateway cannot record the delivery now).
      await h.zeebe.publishMessage({
        name: 'ba-zustimmung-decision',
        correlationKey: caseId,
        variables: { baDecision: { outcome: 'APPROVED', baReference: 'BA-RES-1' } },
        timeToLive: 0,
      });
      await new Promise((r) => setTimeout(r, 2000)); // the projector meets the outage
    } finally {
      await startComponent(profile, component('postgres'), quiet);
    }
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ZustimmungGranted');
    // Applied once: each step once in the history, as before the outage plus the rest.
    const steps = done.history.map((e) => `${e.elementId}:${e.event}`);
    expect(new Set(steps).size, 'no step applied twice').to.equal(steps.length);
    expect(done.history.length).to.be.greaterThan(waiting.history.length);
  });

  it('keeps projecting after Redis was away: a case started meanwhile appears once it is back', async () => {
    await stopComponent(profile, 'redis', quiet);
    let caseId: string;
    try {
      // Starting needs the engine and the store, not Redis: accepted.
      caseId = await cases.start('ba-approval', zustimmungApplication());
      const s = await cases.status(caseId);
      expect(['STARTING', 'ACTIVE']).to.include(s.state);
    } finally {
      await startComponent(profile, component('redis'), quiet);
    }
    // The exporter resumes from its last position; the projector reconnects and catches up.
    // The exporter's Redis client (Lettuce) reconnects with an exponential back-off capped at
    // 30 s, which the exporter does not let us configure: allow for one full back-off.
    const s = await cases.at(caseId, 'AwaitBaDecision', 60_000);
    const steps = s.history.map((e) => `${e.elementId}:${e.event}`);
    expect(new Set(steps).size).to.equal(steps.length);
    await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/cases/${caseId}`)
        .set('authorization', `Bearer ${await h.token(EMPLOYER)}`);
      return res.status === 200 ? true : undefined;
    }, 'status after Redis is back');
  });
});
