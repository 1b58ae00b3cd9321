import { expect } from 'chai';
import { Redis } from 'ioredis';
import { findView } from '../../projector/view-documents.js';
import { ViewCache } from '../../projector/view-cache.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';

/**
 * The projector's view cache in Redis (projector/view-cache.ts): the gateway's status reads
 * it instead of the store. It must hold what the store holds, never go back to an older
 * revision, and a stale or missing entry must cost speed only, never a lost or wrong update.
 */
describe('view cache: instance views in Redis next to the store', function () {
  this.timeout(60_000);
  let h: Harness;
  let cases: CaseClient;
  let redis: Redis;
  let cache: ViewCache;
  const key = (pik: string) => `wsa:view:${pik}`;
  const stored = (pik: string) => findView(h.db, pik);

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    redis = new Redis(h.redisUrl);
    cache = new ViewCache(redis, 60_000);
  });
  after(() => redis.disconnect());

  /** A BA approval case waiting for the BA's decision, and its process instance key. */
  async function waitingCase(): Promise<{ caseId: string; pik: string }> {
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    const s = await cases.at(caseId, 'AwaitBaDecision');
    return { caseId, pik: s.processInstanceKey! };
  }

  function decide(caseId: string) {
    return h.zeebe.publishMessage({
      name: 'ba-zustimmung-decision',
      correlationKey: caseId,
      variables: { baDecision: { outcome: 'APPROVED', baReference: 'BA-CACHE-1' } },
      timeToLive: 60_000,
    });
  }

  it('holds the same view as the store, at the same revision, once projected', async () => {
    const { pik } = await waitingCase();
    const [inStore, inCache] = await eventually(async () => {
      const pair = [await stored(pik), await cache.get(pik)] as const;
      return pair[0] && pair[1] && pair[0].revision === pair[1].revision ? pair : undefined;
    }, 'cache and store at one revision');
    expect(inCache).to.deep.equal(inStore);
    expect(Number(await redis.ttl(key(pik)))).to.be.within(1, 6 * 3600);
  });

  it('never replaces a newer revision with an older one', async () => {
    const { pik } = await waitingCase();
    const current = await eventually(async () => (await cache.get(pik)) ?? undefined, 'cached');
    await cache.put([{ ...current, revision: current.revision - 1, state: 'TERMINATED' }]);
    const after = await cache.get(pik);
    expect(after!.revision).to.equal(current.revision);
    expect(after!.state).to.equal('ACTIVE');
  });

  it('a stale entry loses nothing: the projector notices the store is ahead and the case completes', async () => {
    const { caseId, pik } = await waitingCase();
    const current = await eventually(async () => (await cache.get(pik)) ?? undefined, 'cached');
    // As if the projector had crashed between the store write and the cache write, twice.
    const stale = {
      ...current,
      revision: current.revision - 2,
      history: current.history.slice(0, 2),
    };
    await redis.del(key(pik));
    await cache.put([stale]);

    await decide(caseId);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ZustimmungGranted');
    const steps = done.history.map((e) => `${e.elementId}:${e.event}`);
    expect(new Set(steps).size, 'no step applied twice').to.equal(steps.length);
    // The cache caught up with the store, not the other way round.
    const [inStore, inCache] = [await stored(pik), await cache.get(pik)];
    expect(inStore!.state).to.equal('COMPLETED');
    expect(inCache).to.deep.equal(inStore);
    expect(inStore!.history.length).to.be.greaterThan(current.history.length);
  });

  it('a missing entry is read from the store: the status is the same', async () => {
    const { caseId, pik } = await waitingCase();
    await eventually(async () => (await cache.get(pik)) ?? undefined, 'cached');
    const fromCache = await cases.status(caseId);
    await redis.del(key(pik));
    const fromStore = await cases.status(caseId);
    // (The expected decision date is computed from "now": compare the rest.)
    const { expectedDecision: _a, ...cached } = fromCache;
    const { expectedDecision: _b, ...read } = fromStore;
    expect(read).to.deep.equal(cached);
    expect(fromStore.currentStages.map((s) => s.elementId)).to.include('AwaitBaDecision');
  });
});
