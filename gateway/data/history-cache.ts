import type { Procedure } from '../../processes/registry.js';
import type { InstanceView } from '../../projector/instance-view.js';
import { toHistoryCase, type HistoryCase } from '../../monitoring/expected-decision.js';
import type { ProjectionReader } from './projection-reader.js';

/**
 * All cases of the projection, read in the background at most every `maxAgeMs`: the KPIs and
 * the history the expected decision date is predicted from. A status request never waits for
 * it (it uses the copy there is, or none yet); a KPI request waits for the first load only.
 */
export class HistoryCache {
  private cases: InstanceView[][] | null = null;
  private history: HistoryCase[] = [];
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly projection: ProjectionReader,
    private readonly procedures: Map<string, Procedure>,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The completed cases as prediction history, as far as loaded (starts a load if old). */
  completed(): HistoryCase[] {
    this.refreshIfOld();
    return this.history;
  }

  /** Every case, current within `maxAgeMs` (waits for the first load). */
  async allCases(): Promise<InstanceView[][]> {
    this.refreshIfOld();
    if (this.cases === null) await this.loading;
    return this.cases ?? [];
  }

  /** Reload now (e.g. after a test created history). */
  async reload(): Promise<void> {
    this.loadedAt = 0;
    this.refreshIfOld();
    await this.loading;
  }

  private refreshIfOld(): void {
    if (this.loading || this.now() - this.loadedAt < this.maxAgeMs) return;
    this.loading = this.projection
      .allCases()
      .then((cases) => {
        this.cases = cases;
        this.history = cases.flatMap((c) => toHistoryCase(c, this.procedures) ?? []);
        this.loadedAt = this.now();
      })
      .finally(() => (this.loading = null));
    this.loading.catch(() => undefined); // a failed load is tried again on the next call
  }
}
