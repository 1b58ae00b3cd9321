import type { Queryable } from '../../common/db.js';
import type { CaseFacts } from '../../monitoring/case-facts.js';
import type { KpiCase, ProcedureCounts } from '../../monitoring/kpis.js';

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
 * Queries on the cases' facts (`read_model.case_facts`, derived by the projector): the KPIs'
 * counts are aggregated by the database, the operators' search is an indexed query, and the
 * prediction history is the most recent completed cases of each procedure — none of it keeps
 * every case in the gateway's memory.
 */
export class CaseFactsReader {
  constructor(private readonly db: Queryable) {}

  /** Per procedure: cases started, completed, open, statutory deadlines met and missed. */
  async counts(procedures: string[]): Promise<ProcedureCounts[]> {
    const { rows } = await this.db.query<{
      procedure: string;
      started: string;
      completed: string;
      open: string;
      met: string;
      missed: string;
    }>(
      `select procedure, count(*) as started,
         count(*) filter (where state = 'COMPLETED' and started_at is not null
           and ended_at is not null) as completed,
         count(*) filter (where state = 'ACTIVE') as open,
         coalesce(sum((facts->'deadlines'->>'met')::int), 0) as met,
         coalesce(sum((facts->'deadlines'->>'missed')::int), 0) as missed
       from read_model.case_facts where procedure = any($1::text[]) group by procedure`,
      [procedures],
    );
    return rows.map((r) => ({
      procedure: r.procedure,
      started: Number(r.started),
      completed: Number(r.completed),
      open: Number(r.open),
      met: Number(r.met),
      missed: Number(r.missed),
    }));
  }

  /** The times and ended steps of the cases the KPIs' durations come from. */
  async timesAndSteps(procedures: string[]): Promise<KpiCase[]> {
    const { rows } = await this.db.query<{
      procedure: string;
      state: CaseFacts['state'];
      started_at: string | null;
      ended_at: string | null;
      steps: CaseFacts['steps'];
    }>(
      `select procedure, state, started_at, ended_at, facts->'steps' as steps
       from read_model.case_facts where procedure = any($1::text[])
         and (state = 'COMPLETED' or jsonb_array_length(facts->'steps') > 0)`,
      [procedures],
    );
    return rows.map((r) => ({
      procedure: r.procedure,
      state: r.state,
      startedAt: r.started_at === null ? null : Number(r.started_at),
      endedAt: r.ended_at === null ? null : Number(r.ended_at),
      steps: r.steps,
    }));
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
