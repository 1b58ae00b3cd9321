import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { AuditLog, type AuditEvent } from '../../common/audit-log.js';
import { ROOT_DIR } from '../../scripts/stack/versions.js';
import { getHarness, eventually } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, EMPLOYER, OTHER_EMPLOYER, zustimmungApplication } from '../support/fixtures.js';

/**
 * The audit log: every authenticated call leaves an entry (who, what, which case, outcome),
 * the entries form a hash chain, and the verify command finds a changed or removed entry.
 */
describe('audit log: append-only, hash-chained, verifiable', function () {
  this.timeout(60_000);

  /** Removes one entry of a chain, or the whole chain's entries (someone tampering). */
  async function remove(log: string, chain: string, seq?: number): Promise<void> {
    const h = await getHarness();
    await h.pool.query(
      'delete from read_model.audit_log where log = $1 and chain = $2 and ($3::bigint is null or seq = $3)',
      [log, chain, seq ?? null],
    );
  }

  async function drop(log: string): Promise<void> {
    const h = await getHarness();
    await h.pool.query('delete from read_model.audit_log where log = $1', [log]);
    await h.pool.query('delete from read_model.audit_chains where log = $1', [log]);
  }

  it('records who read or did what to which case, with the outcome, denied calls too', async () => {
    const h = await getHarness();
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    await cases.status(caseId);
    const other = await h.token(OTHER_EMPLOYER);
    await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${other}`);

    const entries = await eventually(async () => {
      const { rows } = await h.pool.query<{ event: AuditEvent; hash: string }>(
        `select event, hash from read_model.audit_log where log = 'api' and case_id = $1`,
        [caseId],
      );
      const found = rows.map((r) => ({ ...r.event, hash: r.hash }));
      return found.length >= 3 ? found : undefined;
    }, 'three audit entries for the case');
    const summary = entries.map((e) => [e.actor.subject, e.action, e.status]);
    expect(summary).to.deep.include([EMPLOYER.subject, 'get-case-status', 200]);
    expect(summary).to.deep.include([OTHER_EMPLOYER.subject, 'get-case-status', 404]);
    expect(entries.map((e) => e.action)).to.include('start-ba-approval');
    for (const e of entries) {
      expect(e.hash).to.match(/^[0-9a-f]{64}$/);
      expect(e.requestId).to.be.a('string');
    }
  });

  it('keeps the chain intact, and the verify command finds a changed and a removed entry', async () => {
    const h = await getHarness();
    const name = `tamper-${Date.now()}`;
    const log = new AuditLog(h.pool, name);
    const setStatus = (seq: number, status: number) =>
      h.pool.query(
        `update read_model.audit_log set event = jsonb_set(event, '{status}', $4::jsonb)
         where log = $1 and chain = $2 and seq = $3`,
        [name, log.chain, seq, JSON.stringify(status)],
      );
    for (let i = 0; i < 5; i++)
      await log.append({
        actor: { subject: APPLICANT.subject, role: 'applicant' },
        action: 'get-case-status',
        method: 'GET',
        path: `/api/v1/cases/x${i}`,
        status: 200,
      });
    expect(await log.verify()).to.deep.equal({ ok: true, entries: 5, chains: 1 });

    const verifyCommand = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
        cwd: ROOT_DIR,
        env: { ...process.env, AUDIT_LOG: name },
        encoding: 'utf8',
      });
    const intact = verifyCommand();
    expect(intact.status, intact.stderr).to.equal(0);
    expect(intact.stdout).to.include('intact: 5 entries in 1 chains');

    // Someone edits entry 3 in the store: the chain breaks there.
    await setStatus(3, 403);
    expect(await log.verify()).to.include({ ok: false, brokenAt: 3, reason: 'entry changed' });
    const broken = verifyCommand();
    expect(broken.status).to.equal(1);
    expect(broken.stderr).to.include(`BROKEN at entry 3 of chain ${log.chain}`);

    // Restoring the value does not hide a removed entry.
    await setStatus(3, 200);
    expect((await log.verify()).ok).to.equal(true);
    await remove(name, log.chain, 2);
    expect(await log.verify()).to.include({ ok: false, brokenAt: 2, reason: 'entry missing' });
    await drop(name);
  });

  it('gives each writer (gateway) its own chain: concurrent appends in batches, no gap, no fork', async () => {
    const h = await getHarness();
    const name = `concurrent-${Date.now()}`;
    const [a, b] = [new AuditLog(h.pool, name), new AuditLog(h.pool, name)];
    const event = (i: number) => ({
      actor: { subject: APPLICANT.subject, role: 'applicant' as const },
      action: 'get-case-status',
      method: 'GET',
      path: `/api/v1/cases/c${i}`,
      status: 200,
    });
    // 600 at once: more than one insert's batch per writer.
    const written = await Promise.all(
      Array.from({ length: 1200 }, (_, i) => (i % 2 ? a : b).append(event(i))),
    );
    for (const w of [a, b]) {
      const own = written.filter((e) => e.chain === w.chain).map((e) => e.seq);
      expect(own, 'numbered in call order').to.deep.equal(
        Array.from({ length: 600 }, (_, i) => i + 1),
      );
    }
    expect(await a.verify()).to.deep.equal({ ok: true, entries: 1200, chains: 2 });

    // A stopped writer records where its chain ends: cutting the end off is found.
    await a.close();
    expect((await a.verify()).ok).to.equal(true);
    await remove(name, a.chain, 600);
    expect(await a.verify()).to.include({
      ok: false,
      chain: a.chain,
      brokenAt: 600,
      reason: 'end of chain removed',
    });
    // Removing a closed writer's whole chain is found too.
    await remove(name, a.chain);
    expect(await a.verify()).to.include({ ok: false, chain: a.chain, reason: 'chain removed' });
    await drop(name);
  });
});
