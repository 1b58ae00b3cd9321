import { expect } from 'chai';
import request from 'supertest';
import example from '../../processes/job-change/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { ProjectionReader } from '../../gateway/data/projection-reader.js';
import { caseFacts, type CaseFacts } from '../../read-model/case-facts.js';
import { loadProcedures } from '../../processes/registry.js';
import {
  CASE_FACTS_VERSION,
  findCaseFacts,
  insertAll,
  rebuildCaseFacts,
} from '../../projector/case-facts-store.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { BA_PARTNER, EMPLOYER } from '../support/fixtures.js';

/**
 * The facts the KPIs, the operators' search and the predictions read instead of every
 * instance view (read-model/case-facts.ts): kept current by the projector for a case with a
 * called procedure, never replaced by an older derivation, and rebuilt from the views when
 * they are missing.
 */
const ABH: Principal = { subject: 'abh-facts', role: 'caseworker', authority: 'ABH' };
const OPERATOR: Principal = { subject: 'op-facts', role: 'operator' };

describe('case facts: what KPIs and search read, derived by the projector', function () {
  this.timeout(90_000);
  const procedures = loadProcedures();
  let h: Harness;
  let cases: CaseClient;
  let caseId: string;
  let rootKey: string;

  const stored = (key: string) => findCaseFacts(h.pool, key);
  const deleteFacts = () =>
    h.pool.query('delete from read_model.case_facts where root_key = $1', [rootKey]);

  /** The facts as derived from the views in the store right now. */
  async function derivedFromStore(): Promise<CaseFacts> {
    return caseFacts(await new ProjectionReader(h.pool).caseInstances(rootKey), procedures);
  }

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    const [abh, ba] = await Promise.all([h.token(ABH), h.token(BA_PARTNER)]);
    caseId = await cases.start('job-change', {
      ...structuredClone(example),
      employer: { ...example.employer, employerId: EMPLOYER.organisation! },
      employmentConditionsChanged: true,
    });
    await cases.at(caseId, 'AwaitBaDecision');
    rootKey = (
      await h.pool.query<{ process_instance_key: string }>(
        'select process_instance_key from read_model.case_instances where case_id = $1',
        [caseId],
      )
    ).rows[0]!.process_instance_key;
    // While the called BA procedure runs: the case is open, nothing has ended yet there.
    const open = await eventually(async () => {
      const f = await stored(rootKey);
      return f?.state === 'ACTIVE' ? f : undefined;
    }, 'facts of the open case');
    expect(open.caseId).to.equal(caseId);
    expect(open.procedure).to.equal('job-change');
    await cases.send(ba, caseId, 'ba-zustimmung-decision', {
      outcome: 'APPROVED',
      baReference: 'BA-FACTS-1',
    });
    await cases.at(caseId, 'ConfirmJobChange');
    await cases.decide(abh, caseId, 'ConfirmJobChange', { abhReference: 'ABH-FACTS-1' });
    await cases.finished(caseId);
  });

  it('follows the case to its end, with the called procedure’s steps, as its views say', async () => {
    const facts = await eventually(async () => {
      const f = await stored(rootKey);
      return f?.state === 'COMPLETED' ? f : undefined;
    }, 'facts of the completed case');
    expect(facts).to.deep.equal(await derivedFromStore());
    expect(facts.endedAt).to.be.a('number');
    // The BA's decision is a step of the called procedure, counted for this case.
    const baStep = facts.steps.find((s) => s.elementId === 'AwaitBaDecision');
    expect(baStep?.procedure).to.equal('ba-approval');
    expect(baStep!.endedAt).to.be.at.least(baStep!.activatedAt);
    expect(facts.steps.map((s) => s.elementId)).to.include('ConfirmJobChange');
  });

  it('is what the operators’ search and the KPIs report', async () => {
    const operator = await h.token(OPERATOR);
    // The gateway re-reads the facts at most every HISTORY_MAX_AGE_MS (1 s in tests).
    const hit = await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get(`/api/v1/operations/cases?caseId=${caseId}`)
        .set('authorization', `Bearer ${operator}`);
      const found = res.body.cases as { caseId: string; state: string; procedure: string }[];
      return found[0]?.state === 'COMPLETED' ? found[0] : undefined;
    }, 'the completed case in the search');
    expect(hit).to.include({ caseId, procedure: 'job-change', state: 'COMPLETED' });
    const kpis = await request(h.gatewayUrl)
      .get('/api/v1/kpis')
      .set('authorization', `Bearer ${operator}`);
    const jobChange = (
      kpis.body.procedures as {
        procedure: string;
        completed: number;
        leadTime: { count: number };
      }[]
    ).find((p) => p.procedure === 'job-change');
    expect(jobChange!.completed).to.be.at.least(1);
    expect(jobChange!.leadTime.count).to.equal(jobChange!.completed);
  });

  it('never goes back to facts derived from older views', async () => {
    const current = (await stored(rootKey))!;
    await insertAll(h.pool, [
      { ...current, state: 'ACTIVE', endedAt: null, steps: [], basis: current.basis - 1 },
    ]);
    expect(await stored(rootKey)).to.deep.equal(current);
    // The same derivation again changes nothing either.
    await insertAll(h.pool, [{ ...current, state: 'ACTIVE', basis: current.basis }]);
    expect((await stored(rootKey))!.state).to.equal('COMPLETED');
  });

  it('is rebuilt from the views when missing or of an older derivation, once', async () => {
    const before = (await stored(rootKey))!;
    await deleteFacts();
    const log = () => undefined;
    // Marked as built: nothing happens.
    expect(await rebuildCaseFacts(h.pool, procedures, { force: false, log })).to.equal(null);
    expect(await stored(rootKey)).to.equal(null);
    await h.pool.query(`delete from read_model.projection_meta where name = 'case_facts'`);
    const built = await rebuildCaseFacts(h.pool, procedures, { force: false, log });
    expect(built!.cases).to.be.at.least(1);
    expect(await stored(rootKey)).to.deep.equal(before);
    expect(
      (
        await h.pool.query(
          `select version from read_model.projection_meta where name = 'case_facts'`,
        )
      ).rows[0],
    ).to.include({ version: CASE_FACTS_VERSION });
    // Facts of an older derivation are replaced, though derived from the same views.
    await deleteFacts();
    await insertAll(h.pool, [{ ...before, state: 'ACTIVE' }]);
    expect((await stored(rootKey))!.state).to.equal('ACTIVE');
    await h.pool.query(
      `update read_model.projection_meta set version = $1 where name = 'case_facts'`,
      [CASE_FACTS_VERSION - 1],
    );
    expect(
      (await rebuildCaseFacts(h.pool, procedures, { force: false, log }))!.cases,
    ).to.be.at.least(1);
    expect(await stored(rootKey)).to.deep.equal(before);
  });
});
