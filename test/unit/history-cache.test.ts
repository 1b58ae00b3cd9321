import { expect } from 'chai';
import {
  HistoryCache,
  PREDICTION_HISTORY_PER_PROCEDURE,
} from '../../gateway/data/history-cache.js';
import { caseFacts, type CaseFacts } from '../../read-model/case-facts.js';
import { generateHistory } from '../../monitoring/history-generator.js';
import { loadProcedures } from '../../processes/registry.js';

/**
 * The gateway's copy of the prediction history: bounded work per status
 * request at any volume, and bounded load on the store however long a load takes.
 */
describe('history cache', () => {
  const procedures = loadProcedures();
  const DAY = 86_400_000;

  function projectionOf(cases: CaseFacts[], loads: { count: number }) {
    return {
      // The database's answer is already limited; the cache keeps the newest either way.
      recentlyCompleted: async () => {
        loads.count += 1;
        return cases;
      },
    };
  }

  it('learns predictions from the most recent completed cases of each procedure only', async () => {
    const cases = generateHistory(6000, 7, Date.now() - 365 * DAY);
    const cache = new HistoryCache(
      projectionOf(
        cases.map((c) => caseFacts(c, procedures)),
        { count: 0 },
      ),
      procedures,
    );
    await cache.reload();
    const history = cache.completed();
    const byProcedure = new Map<string, number[]>();
    for (const h of history)
      byProcedure.set(h.procedure, [...(byProcedure.get(h.procedure) ?? []), h.endedAt]);
    expect([...byProcedure.keys()].sort()).to.deep.equal(['ba-approval', 'recognition']);
    for (const [procedure, ends] of byProcedure) {
      expect(ends, procedure).to.have.length(PREDICTION_HISTORY_PER_PROCEDURE);
      // Nothing left out ended later than the oldest kept one.
      const all = cases
        .map(([v]) => v!)
        .filter((v) => v.bpmnProcessId === procedure)
        .map((v) => v.endedAt!.getTime())
        .sort((a, b) => b - a);
      expect(Math.min(...ends)).to.equal(all[PREDICTION_HISTORY_PER_PROCEDURE - 1]);
    }
  });

  it('waits at least ten load times between loads', async () => {
    let clock = 1_000_000_000;
    const loads = { count: 0 };
    const slow = {
      recentlyCompleted: async () => {
        loads.count += 1;
        clock += 30_000; // a load that takes 30 s
        return [];
      },
    };
    const cache = new HistoryCache(slow, procedures, 60_000, () => clock);
    await cache.reload();
    expect(loads.count).to.equal(1);
    clock += 120_000; // older than the 60 s maximum age, younger than 10 × 30 s
    cache.completed();
    expect(loads.count).to.equal(1);
    clock += 200_000;
    cache.completed();
    expect(loads.count).to.equal(2);
  });
});
