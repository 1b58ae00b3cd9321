import { inTransaction, type Pool } from '../../common/db.js';
import type { CaseFacts } from '../../read-model/case-facts.js';
import type { KpiReport } from '../../monitoring/kpis.js';
import type { Procedure } from '../../processes/registry.js';
import { kpiReportFromStore } from './kpi-aggregates.js';

/** A case as the operators' search shows it. */
export interface FactsHit {
  caseId: string;
  procedure: string | null;
  state: string;
  startedAt: number | null;
  endedAt: number | null;
  openIncidents: number;
}

/**
 * Queries on the cases' facts (`read_model.case_facts`, derived by the projector): the KPIs
 * are aggregated by the database, the operators' search is an indexed query, and the
 * prediction history is the most recent completed cases of each procedure — none of it keeps
 * every case in the gateway's memory.
 */
export class CaseFactsReader {
  constructor(private readonly db: Pool) {}

  private kpisInFlight: Promise<KpiReport> | null = null;

  /**
   * The KPI report, aggregated by the database (kpi-aggregates.ts). It reads every case, so
   * requests that arrive while one is computed share its answer instead of each starting
   * the same scan again (a dashboard refreshed by many operators).
   */
  kpis(procedures: Map<string, Procedure>): Promise<KpiReport> {
    this.kpisInFlight ??= inTransaction(this.db, (client) =>
      kpiReportFromStore(client, procedures),
    ).finally(() => (this.kpisInFlight = null));
    return this.kpisInFlight;
  }

  /** The most recently completed cases of each procedure (the prediction history; withdrawn and test cases left out). */
  async recentlyCompleted(procedures: string[], perProcedure: number): Promise<CaseFacts[]> {
    const { rows } = await this.db.query<{ facts: CaseFacts }>(
      `select f.facts from unnest($1::text[]) as p(procedure)
       cross join lateral (
         select facts from read_model.case_facts c
         where c.procedure = p.procedure and c.state = 'COMPLETED'
           and c.facts->>'excludedFromHistory' is null
         order by c.ended_at desc limit $2) f`,
      [procedures, perProcedure],
    );
    return rows.map((r) => r.facts);
  }

  /**
   * The operators' search, newest first: by case id, by the ids of an applicant's cases, by
   * state (ACTIVE includes cases with an incident; INCIDENT: an open incident), by procedure.
   */
  async search(q: {
    caseId?: string;
    caseIds?: string[];
    state?: string;
    procedure?: string;
    limit: number;
  }): Promise<FactsHit[]> {
    const where = ['case_id is not null'];
    const values: unknown[] = [];
    const param = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    if (q.caseId) where.push(`case_id = ${param(q.caseId)}`);
    if (q.caseIds) where.push(`case_id = any(${param(q.caseIds)}::text[])`);
    if (q.procedure) where.push(`procedure = ${param(q.procedure)}`);
    if (q.state === 'INCIDENT') where.push('open_incidents > 0');
    else if (q.state === 'ACTIVE') where.push(`(state = 'ACTIVE' or open_incidents > 0)`);
    else if (q.state) where.push(`state = ${param(q.state)} and open_incidents = 0`);
    const { rows } = await this.db.query<{
      case_id: string;
      procedure: string | null;
      state: string;
      started_at: string | null;
      ended_at: string | null;
      open_incidents: number;
    }>(
      `select case_id, procedure, state, started_at, ended_at, open_incidents
       from read_model.case_facts where ${where.join(' and ')}
       order by started_at desc nulls last, root_key limit ${param(q.limit)}`,
      values,
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      procedure: r.procedure,
      state: r.open_incidents > 0 ? 'INCIDENT' : r.state,
      startedAt: r.started_at === null ? null : Number(r.started_at),
      endedAt: r.ended_at === null ? null : Number(r.ended_at),
      openIncidents: r.open_incidents,
    }));
  }
}
