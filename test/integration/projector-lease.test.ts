import { expect } from 'chai';
import { ProjectorLease } from '../../projector/lease.js';
import { startProjector } from '../../projector/main.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';

/**
 * One projector applies the outbox at a time (projector/lease.ts: a PostgreSQL advisory lock
 * on a dedicated connection). A second projector of the same read model stands by, takes over
 * when the first stops or dies, and goes on from the cursor the first stored with its last
 * batch.
 */
describe('projector lease: one writer, others stand by', function () {
  this.timeout(90_000);
  let h: Harness;
  before(async () => {
    h = await getHarness();
  });

  it('a second projector applies nothing while the first holds the lease', async () => {
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    expect(h.projector.projector.lease.held(), 'the running projector holds it').to.equal(true);
    const standby = await startProjector();
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

  it('takes over when the holder stops, from the cursor the holder stored', async () => {
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    await h.stopProjector();
    let standby: Awaited<ReturnType<typeof startProjector>> | undefined;
    try {
      // The engine goes on while no projector runs: its events wait in the outbox.
      const caseId = await cases.start('ba-approval', zustimmungApplication());
      const { rows } = await h.pool.query<{ n: string }>(
        `select count(*) as n from engine_events e
          where e.process_instance_id = (select process_instance_key from read_model.case_instances where case_id = $1)
            and (e.txid, e.seq) > (select txid, seq from read_model.outbox_cursors where consumer = 'wsa-read-model')`,
        [caseId],
      );
      expect(Number(rows[0]!.n), 'events of the case not yet applied').to.be.greaterThan(0);

      standby = await startProjector();
      await cases.at(caseId, 'AwaitBaDecision');
      expect(standby.projector.lease.held()).to.equal(true);
      expect(standby.projector.applied).to.be.greaterThan(0);
    } finally {
      await standby?.stop();
      await h.restartProjector();
    }
    await eventually(
      async () => (h.projector.projector.lease.held() ? true : undefined),
      'the lease back with the harness projector',
    );
  });

  /** Whether anybody holds the lease `key` (by taking and giving it back). */
  async function free(key: string): Promise<boolean> {
    const probe = new ProjectorLease(process.env.DATABASE_URL!, key, 'probe');
    const taken = await probe.acquire();
    await probe.release();
    return taken;
  }

  it('passes to a standby at once when the holder’s connection ends (a crash)', async () => {
    const key = `wsa-test-lease:${Date.now()}`;
    const a = new ProjectorLease(process.env.DATABASE_URL!, key, 'a', 200);
    const b = new ProjectorLease(process.env.DATABASE_URL!, key, 'b', 200);
    expect(await a.acquire()).to.equal(true);
    expect(a.held()).to.equal(true);
    expect(await b.acquire(), 'taken').to.equal(false);
    // The holder dies: the server ends its session, which frees the lock.
    await h.pool.query('select pg_terminate_backend($1)', [a.connectionPid]);
    const since = Date.now();
    await eventually(async () => ((await b.acquire()) ? true : undefined), 'taken over');
    expect(Date.now() - since).to.be.below(2000);
    expect(b.held()).to.equal(true);
    // The dead holder's side knows it too.
    await eventually(async () => (a.held() ? undefined : true), 'the old holder let go');
    await b.release();
    await a.release();
    expect(await free(key)).to.equal(true);
  });

  it('writes nothing after losing the lease: the fence refuses, only acquire takes it again', async () => {
    const key = `wsa-test-lease:${Date.now()}:lost`;
    const a = new ProjectorLease(process.env.DATABASE_URL!, key, 'a', 200);
    const b = new ProjectorLease(process.env.DATABASE_URL!, key, 'b', 200);
    expect(await a.acquire()).to.equal(true);
    await a.fence(h.pool); // held: a batch may write
    await h.pool.query('select pg_terminate_backend($1)', [a.connectionPid]);
    await eventually(async () => (a.held() ? undefined : true), 'the lease lost');
    let refused = false;
    await a.fence(h.pool).catch(() => (refused = true));
    expect(refused, 'a batch of the old holder is refused').to.equal(true);
    expect(await b.acquire()).to.equal(true);
    await b.release();
    // Several of a's check periods pass with the lease free: nothing takes it back by itself.
    await new Promise((r) => setTimeout(r, 800));
    expect(a.held()).to.equal(false);
    expect(await free(key), 'nobody holds it').to.equal(true);
    await a.release();
  });
});
