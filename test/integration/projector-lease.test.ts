import { expect } from 'chai';
import { Redis } from 'ioredis';
import { ProjectorLease } from '../../projector/lease.js';
import { startProjector } from '../../projector/main.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';

/**
 * One projector applies records at a time (projector/lease.ts): the store writes views by
 * `_id` alone, which is only safe with a single writer. A second projector stands by, takes
 * over when the first stops or dies, and applies what the first had read but not acknowledged.
 */
describe('projector lease: one writer, others stand by', function () {
  this.timeout(90_000);
  let h: Harness;
  let redis: Redis;
  before(async () => {
    h = await getHarness();
    redis = new Redis(h.redisUrl);
  });
  after(async () => {
    redis.disconnect();
  });

  it('a second projector applies nothing while the first holds the lease', async () => {
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    expect(h.projector.projector.lease.held(), 'the running projector holds it').to.equal(true);
    const standby = await startProjector('projector-standby');
    try {
      const caseId = await cases.start('ba-approval', zustimmungApplication());
      await cases.at(caseId, 'AwaitBaDecision');
      expect(standby.projector.lease.held()).to.equal(false);
      expect(standby.projector.applied, 'the standby applied nothing').to.equal(0);
    } finally {
      await standby.stop();
    }
    expect(h.projector.projector.lease.held()).to.equal(true);
  });

  it('takes over when the holder stops, with the entries it had read and not acknowledged', async () => {
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    // The holder stops after reading entries it never acknowledged (a crash between reading
    // and writing): they stay pending under its consumer name.
    await h.stopProjector();
    let standby: Awaited<ReturnType<typeof startProjector>> | undefined;
    try {
      const caseId = await cases.start('ba-approval', zustimmungApplication());
      await eventually(async () => {
        const res = (await redis.call(
          'XREADGROUP',
          'GROUP',
          'wsa-projection',
          'projector-1',
          'COUNT',
          50,
          'STREAMS',
          'zeebe:PROCESS_INSTANCE',
          '>',
        )) as unknown[] | null;
        return res ? true : undefined;
      }, 'entries read by the stopped projector');
      const [pendingBefore] = (await redis.xpending(
        'zeebe:PROCESS_INSTANCE',
        'wsa-projection',
      )) as [number];
      expect(pendingBefore).to.be.greaterThan(0);

      // A projector under another name takes the lease, claims them and projects the case.
      standby = await startProjector('projector-standby');
      await cases.at(caseId, 'AwaitBaDecision');
      expect(standby.projector.lease.held()).to.equal(true);
      expect(standby.projector.applied).to.be.greaterThan(0);
      await eventually(async () => {
        const [count] = (await redis.xpending('zeebe:PROCESS_INSTANCE', 'wsa-projection')) as [
          number,
        ];
        return count === 0 ? true : undefined;
      }, 'nothing left pending');
    } finally {
      await standby?.stop();
      await h.restartProjector();
    }
    await eventually(
      async () => (h.projector.projector.lease.held() ? true : undefined),
      'the lease back with the harness projector',
    );
  });

  it('passes to a standby once a holder that stopped renewing has let it expire', async () => {
    const key = `wsa:test-lease:${Date.now()}`;
    const crashed = new Redis(h.redisUrl);
    const a = new ProjectorLease(crashed, key, 'a', 900, 300);
    const b = new ProjectorLease(redis, key, 'b', 900, 300);
    expect(await a.acquire()).to.equal(true);
    expect(a.held()).to.equal(true);
    expect(await b.acquire(), 'taken').to.equal(false);
    // The holder dies: no renewal, no release.
    crashed.disconnect();
    const since = Date.now();
    await eventually(async () => ((await b.acquire()) ? true : undefined), 'taken over');
    expect(Date.now() - since).to.be.below(2000);
    expect(b.held()).to.equal(true);
    // The dead holder's own clock says it stopped before the standby could start.
    expect(a.held()).to.equal(false);
    await b.release();
    await a.release();
    expect(await redis.exists(key)).to.equal(0);
  });

  it('never takes a lost lease back by renewing: only acquire (which claims pending entries) does', async () => {
    const key = `wsa:test-lease:${Date.now()}:lost`;
    const a = new ProjectorLease(redis, key, 'a', 900, 300);
    const b = new ProjectorLease(redis, key, 'b', 900, 300);
    expect(await a.acquire()).to.equal(true);
    await redis.del(key); // a's lease lost (expired while its renewals could not get through)
    expect(await b.acquire()).to.equal(true);
    await b.release();
    // Several of a's renewal periods pass with the lease free.
    await new Promise((r) => setTimeout(r, 800));
    expect(a.held()).to.equal(false);
    expect(await redis.exists(key), 'nobody holds it').to.equal(0);
    await a.release();
  });
});
