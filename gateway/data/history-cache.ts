import type { Procedure } from '../../processes/registry.js';
import type { CaseFacts } from '../../read-model/case-facts.js';
import { historyCaseOf, type HistoryCase } from '../../monitoring/expected-decision.js';
import type { CaseFactsReader } from './case-facts-reader.js';

/**
 * The history the expected decision date is predicted from: the facts of the most recently
 * completed cases of each procedure (read-model/case-facts.ts), read in the background at
 * most every `maxAgeMs`. A status request never waits for it (it uses the copy there is, or
 * none yet).
 */
export class HistoryCache {
  private history: HistoryCase[] = [];
  private loadedAt = 0;
  private lastLoadMs = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly facts: Pick<CaseFactsReader, 'recentlyCompleted'>,
    private readonly procedures: Map<string, Procedure>,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The completed cases as prediction history, as far as loaded (starts a load if old). */
  completed(): HistoryCase[] {
    this.refreshIfOld();
    return this.history;
  }

  /** Reload now (e.g. after a test created history). */
  async reload(): Promise<void> {
    this.loadedAt = 0;
    this.refreshIfOld();
    await this.loading;
  }

  private refreshIfOld(): void {
    // At least ten load times between loads: the store must not spend more than a tenth of
    // its time on this however many cases there are (bench/RESULTS.md, volume).
    const maxAge = Math.max(this.maxAgeMs, 10 * this.lastLoadMs);
    if (this.loading || this.now() - this.loadedAt < maxAge) return;
    const startedAt = this.now();
    this.loading = this.facts
      .recentlyCompleted([...this.procedures.keys()], PREDICTION_HISTORY_PER_PROCEDURE)
      .then((cases: CaseFacts[]) => {
        this.history = latestPerProcedure(
          cases.flatMap((c) => historyCaseOf(c, this.procedures) ?? []),
        );
        this.loadedAt = this.now();
        this.lastLoadMs = this.loadedAt - startedAt;
      })
      .finally(() => (this.loading = null));
    this.loading.catch(() => undefined); // a failed load is tried again on the next call
  }
}

/**
 * Predictions learn from the most recent completed cases of each procedure only: they reflect
 * how long things take now, and a status request's prediction costs the same at 100,000 cases
 * as at 5,000 (it looks at each history case; bench/RESULTS.md, volume).
 */
export const PREDICTION_HISTORY_PER_PROCEDURE = 2000;

function latestPerProcedure(history: HistoryCase[]): HistoryCase[] {
  const byProcedure = new Map<string, HistoryCase[]>();
  for (const h of history) {
    const list = byProcedure.get(h.procedure);
    if (list) list.push(h);
    else byProcedure.set(h.procedure, [h]);
  }
  return [...byProcedure.values()].flatMap((cases) =>
    cases.sort((a, b) => b.endedAt - a.endedAt).slice(0, PREDICTION_HISTORY_PER_PROCEDURE),
  );
}
