import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../common/db.js';
import { kpiReportFromStore } from '../../gateway/data/kpi-aggregates.js';
import type { CaseFacts, FactStep } from '../../read-model/case-facts.js';
import { kpisFromFacts } from '../../monitoring/kpis.js';
import { loadProcedures, type Procedure } from '../../processes/registry.js';
import { insertAll } from '../../projector/case-facts-store.js';
import { getHarness, type Harness } from '../support/harness.js';

/**
 * The KPIs as PostgreSQL aggregates them (gateway/data/kpi-aggregates.ts) against the
 * reference definitions in monitoring/kpis.ts (whose figures test/unit/kpis.test.ts works out
 * by hand): the same report, figure for figure, on generated cases of a procedure of their
 * own and on everything the store holds.
 */
const DAY = 86_400_000;

/** A small deterministic generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

describe('KPIs aggregated by the store', function () {
  this.timeout(60_000);
  let h: Harness;
  const tag = randomUUID().slice(0, 8);
  const main = `kpi-probe-${tag}`;
  const called = `kpi-probe-called-${tag}`;

  /** Two procedures of their own: the cases of `main` call `called`. */
  function probeRegistry(): Map<string, Procedure> {
    const template = loadProcedures().get('ba-approval')!;
    const procedure = (name: string, stages: Procedure['stages']): Procedure => ({
      ...template,
      procedure: name,
      bpmnProcessId: name,
      stages,
    });
    return new Map([
      [
        main,
        procedure(main, {
          Prepare: { de: 'V', en: 'Preparing' },
          Submit: { de: 'S', en: 'Sending', awaiting: 'system' },
          AwaitDecision: { de: 'E', en: 'Waiting for the BA', awaiting: 'BA' },
          AwaitEmployer: { de: 'A', en: 'Waiting for the employer', awaiting: 'employer' },
          AwaitApplicant: { de: 'B', en: 'Waiting for the applicant', awaiting: 'applicant' },
        }),
      ],
      [
        called,
        procedure(called, {
          Recognise: { de: 'R', en: 'Recognition body decides', awaiting: 'ZAB' },
        }),
      ],
    ]);
  }

  /** Cases over several weeks: completed and open, each step drawn at random. */
  function generatedCases(count: number): CaseFacts[] {
    const next = random(42);
    const start0 = Date.parse('2027-01-04T00:00:00Z');
    const elements: [procedure: string, elementId: string][] = [
      [main, 'Prepare'],
      [main, 'Submit'],
      [main, 'AwaitDecision'],
      [main, 'AwaitEmployer'],
      [main, 'AwaitApplicant'],
      [main, 'NotAStage'],
      [called, 'Recognise'],
    ];
    return Array.from({ length: count }, (_, i) => {
      const startedAt = start0 + Math.floor(next() * 60 * DAY);
      let t = startedAt;
      const steps: FactStep[] = [];
      for (const [procedure, elementId] of elements) {
        if (next() < 0.25) continue;
        const ms = Math.floor(next() * 9 * DAY);
        steps.push({
          procedure,
          bpmnProcessId: procedure,
          elementId,
          activatedAt: t,
          endedAt: t + ms,
        });
        t += ms;
      }
      const completed = next() < 0.7;
      return {
        _id: `${main}-${i}`,
        caseId: `${main}-${i}`,
        bpmnProcessId: main,
        procedure: main,
        state: completed ? 'COMPLETED' : 'ACTIVE',
        startedAt,
        endedAt: completed ? t + Math.floor(next() * DAY) : null,
        openIncidents: 0,
        steps,
        deadlines: { met: next() < 0.5 ? 1 : 0, missed: next() < 0.2 ? 1 : 0 },
        excludedFromHistory: null,
        basis: 1,
      };
    });
  }

  before(async () => {
    h = await getHarness();
  });

  after(async () => {
    await h.pool.query(`delete from read_model.case_facts where procedure = $1`, [main]);
  });

  it('gives the reference figures on generated cases', async () => {
    const registry = probeRegistry();
    const facts = generatedCases(400);
    await insertAll(h.pool, facts);

    const fromStore = await inTransaction(h.pool, (c) => kpiReportFromStore(c, registry));
    const reference = kpisFromFacts(facts, registry);
    // The comparison must have something to compare: every section is filled.
    expect(reference.procedures[0]!.completed).to.be.greaterThan(200);
    expect(reference.steps).to.have.length(6); // NotAStage is no stage
    expect(reference.authorities.map((a) => a.authority)).to.deep.equal(['BA', 'ZAB']);
    expect(reference.weekly.length).to.be.greaterThan(8);
    const spread = reference.leadTimeDistribution[0]!.bins.filter((b) => b.count > 0);
    expect(spread.length, 'lead times in more than one bin').to.be.greaterThan(1);
    expect(fromStore).to.deep.equal(reference);
  });

  it('gives the reference figures on everything the store holds', async () => {
    const registry = loadProcedures();
    // One snapshot for both, so a projector writing meanwhile cannot make them differ.
    const client = await h.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      const { rows } = await client.query<{ facts: CaseFacts }>(
        'select facts from read_model.case_facts',
      );
      const fromStore = await kpiReportFromStore(client, registry);
      expect(fromStore).to.deep.equal(
        kpisFromFacts(
          rows.map((r) => r.facts),
          registry,
        ),
      );
      await client.query('commit');
    } finally {
      client.release();
    }
  });

  it('has nothing to report for procedures without cases', async () => {
    const empty = new Map([[`none-${tag}`, probeRegistry().get(main)!]]);
    expect(await inTransaction(h.pool, (c) => kpiReportFromStore(c, empty))).to.deep.equal({
      procedures: [],
      steps: [],
      awaited: [],
      authorities: [],
      weekly: [],
      leadTimeDistribution: [],
    });
  });
});
