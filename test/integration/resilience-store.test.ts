import { expect } from 'chai';
import request from 'supertest';
import { components, startComponent, stopComponent } from '../../scripts/stack/infra.js';
import { getProfile } from '../../scripts/stack/profiles.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { BA_PARTNER, EMPLOYER, zustimmungApplication } from '../support/fixtures.js';

/**
 * PostgreSQL away for a while: it holds the engine's state as well as the read model, so the
 * engine pauses too. The gateway answers 503 with Retry-After instead of failing obscurely,
 * the engine and the projector reconnect by themselves once it is back, and the case goes on
 * — nothing is lost, nothing is applied twice, no partner call is made twice.
 */
const profile = getProfile('test');
const component = (name: string) => components(profile).find((c) => c.name === name)!;
const quiet = () => undefined;

describe('resilience: PostgreSQL stopped and started again', function () {
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
  });

  it('answers 503 with Retry-After while the database is down; the case goes on after', async () => {
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
      // The BA's decision cannot be taken now either: 503, to be sent again.
      const refused = await request(h.gatewayUrl)
        .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
        .set('authorization', `Bearer ${await h.token(BA_PARTNER)}`)
        .send({ outcome: 'APPROVED', baReference: 'BA-RES-1' });
      expect(refused.status).to.equal(503);
      await new Promise((r) => setTimeout(r, 2000)); // engine, workers and projector meet the outage
    } finally {
      await startComponent(profile, component('postgres'), quiet);
    }
    // Sent again once the database is back (the engine's pool reconnects by itself).
    await eventually(async () => {
      const r = await request(h.gatewayUrl)
        .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
        .set('authorization', `Bearer ${await h.token(BA_PARTNER)}`)
        .send({ outcome: 'APPROVED', baReference: 'BA-RES-1' });
      return r.status === 202 ? true : undefined;
    }, 'the decision taken after the outage');
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ZustimmungGranted');
    // Applied once: each step once in the history, as before the outage plus the rest.
    const steps = done.history.map((e) => `${e.elementId}:${e.event}`);
    expect(new Set(steps).size, 'no step applied twice').to.equal(steps.length);
    expect(done.history.length).to.be.greaterThan(waiting.history.length);
  });
});
