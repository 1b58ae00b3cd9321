import type { Queryable } from '../../common/db.js';
import type { KpiReport, ProcedureCounts, Summary } from '../../monitoring/kpis.js';
import { LEAD_TIME_BIN_EDGES_MS, leadTimeBins, PARTIES } from '../../monitoring/kpis.js';
import { days } from '../../monitoring/statistics.js';
import type { Procedure } from '../../processes/registry.js';

/**
 * The KPI report aggregated by PostgreSQL from `read_model.case_facts` in one statement: the
 * gateway receives a few rows per procedure, step, authority and week, never the cases. The
 * definitions are those of `monitoring/kpis.ts` (`computeKpis`, the reference the integration
 * test compares this with): durations are rounded to days (two decimals) before the median
 * (interpolating, `percentile_cont` = R-7), the 90th percentile and the mean are taken.
 *
 * Which steps are named stages, their labels and who they await come from the procedure
 * registry (passed as a parameter), so a changed stage text applies to past cases at once.
 */
const KPI_SQL = `
with stages as (
  select * from jsonb_to_recordset($2::jsonb)
    as st(procedure text, element_id text, label text, awaiting text)
),
cases as materialized (
  select root_key, procedure, state, started_at, ended_at, facts->'steps' as steps,
    (facts->'deadlines'->>'met')::int as met, (facts->'deadlines'->>'missed')::int as missed,
    (state = 'COMPLETED' and coalesce(started_at, 0) <> 0 and coalesce(ended_at, 0) <> 0)
      as completed
  from read_model.case_facts where procedure = any($1::text[])
),
spans as materialized (
  select c.root_key, c.completed, s.procedure, s."elementId" as element_id, st.awaiting,
    s."endedAt" - s."activatedAt" as ms
  from cases c
  cross join lateral jsonb_to_recordset(c.steps)
    as s(procedure text, "elementId" text, "activatedAt" bigint, "endedAt" bigint)
  join stages st on st.procedure = s.procedure and st.element_id = s."elementId"
),
party_time as (
  select root_key,
    sum(ms) filter (where awaiting is not null and awaiting <> all($3::text[])) as working,
    sum(ms) filter (where awaiting = any($3::text[])) as waiting
  from spans where completed group by root_key
),
case_times as materialized (
  select c.procedure, round((c.ended_at - c.started_at) / 86400000.0, 2) as lead,
    to_char(to_timestamp(c.ended_at / 1000.0) at time zone 'UTC', 'IYYY-"W"IW') as week,
    round(coalesce(p.working, 0) / 86400000.0, 2) as working,
    c.ended_at - c.started_at as lead_ms,
    round(coalesce(p.waiting, 0) / 86400000.0, 2) as waiting,
    coalesce(c.met, 0) as met, coalesce(c.missed, 0) as missed
  from cases c left join party_time p on p.root_key = c.root_key
  where c.completed
)
select
  (select coalesce(jsonb_agg(p), '[]') from (
    select n.*,
      ${summarySql('t.lead')} as lead,
      ${summarySql('t.working')} as working,
      ${summarySql('t.waiting')} as waiting
    from (select procedure, count(*) as started, count(*) filter (where completed) as completed,
            count(*) filter (where state = 'ACTIVE') as open,
            coalesce(sum(met), 0) as met, coalesce(sum(missed), 0) as missed
          from cases group by procedure) n
    left join case_times t on t.procedure = n.procedure
    group by n.procedure, n.started, n.completed, n.open, n.met, n.missed) p) as procedures,
  (select coalesce(jsonb_agg(s), '[]') from (
    select g.*, st.label, st.awaiting from (
      select procedure, element_id,
        ${summarySql('round(ms / 86400000.0, 2)')} as time
      from spans group by procedure, element_id) g
    join stages st on st.procedure = g.procedure and st.element_id = g.element_id) s) as steps,
  (select coalesce(jsonb_agg(a), '[]') from (
    select procedure, awaiting, sum(ms) as ms from spans
    where awaiting is not null group by procedure, awaiting) a) as awaited,
  (select coalesce(jsonb_agg(a), '[]') from (
    select awaiting as authority, ${summarySql('round(ms / 86400000.0, 2)')} as time from spans
    where awaiting is not null and awaiting <> 'system' and awaiting <> all($3::text[])
    group by awaiting) a) as authorities,
  (select coalesce(jsonb_agg(w), '[]') from (
    select week, procedure, count(*) as completed,
      percentile_cont(0.5) within group (order by lead) as median,
      sum(met) as met, sum(missed) as missed
    from case_times group by week, procedure) w) as weekly,
  (select coalesce(jsonb_agg(d), '[]') from (
    select procedure, greatest(width_bucket(lead_ms, $4::bigint[]), 1) - 1 as bin,
      count(*) as n
    from case_times group by 1, 2) d) as distribution
`;

/**
 * For the one statement: sorts and hashes of a few hundred thousand steps in memory instead of
 * on disk, and no JIT compilation (it cost more than it saved: 2 s of 18 s at 100,000 cases).
 */
const KPI_SETTINGS = "set local work_mem = '64MB'; set local jit = off";

/** count, median, 90th percentile and mean of a column of day values, as one JSON object. */
function summarySql(column: string): string {
  return `jsonb_build_object('count', count(${column}),
    'median', percentile_cont(0.5) within group (order by ${column}),
    'p90', percentile_cont(0.9) within group (order by ${column}),
    'mean', round(avg(${column}), 2))`;
}

interface SqlSummary {
  count: number;
  median: number | null;
  p90: number | null;
  mean: number | string | null;
}

interface KpiRow {
  procedures: (ProcedureCounts & {
    lead: SqlSummary;
    working: SqlSummary;
    waiting: SqlSummary;
  })[];
  steps: {
    procedure: string;
    element_id: string;
    label: string;
    awaiting: string | null;
    time: SqlSummary;
  }[];
  awaited: { procedure: string; awaiting: string; ms: number | string }[];
  authorities: { authority: string; time: SqlSummary }[];
  weekly: {
    week: string;
    procedure: string;
    completed: number;
    median: number | null;
    met: number | string;
    missed: number | string;
  }[];
  distribution: { procedure: string; bin: number; n: number | string }[];
}

const round2 = (x: number | string | null) =>
  x === null ? null : Math.round(Number(x) * 100) / 100;

function summary(s: SqlSummary): Summary {
  return {
    count: Number(s.count),
    medianDays: round2(s.median),
    p90Days: round2(s.p90),
    meanDays: round2(s.mean),
  };
}

const byName = (a: string, b: string) => a.localeCompare(b);

/**
 * The KPI report of the procedures of the registry, aggregated by the store; `db` is in a
 * transaction (the statement's settings hold for it alone).
 */
export async function kpiReportFromStore(
  db: Queryable,
  procedures: Map<string, Procedure>,
): Promise<KpiReport> {
  const stages = [...procedures.values()].flatMap((p) =>
    Object.entries(p.stages).map(([elementId, s]) => ({
      procedure: p.procedure,
      element_id: elementId,
      label: s.en,
      awaiting: s.awaiting ?? null,
    })),
  );
  await db.query(KPI_SETTINGS);
  const { rows } = await db.query<KpiRow>(KPI_SQL, [
    [...procedures.keys()],
    JSON.stringify(stages),
    [...PARTIES],
    LEAD_TIME_BIN_EDGES_MS,
  ]);
  const row = rows[0]!;

  const report: KpiReport = {
    procedures: [],
    steps: [],
    awaited: [],
    authorities: [],
    weekly: [],
    leadTimeDistribution: [],
  };
  for (const p of row.procedures.sort((a, b) => byName(a.procedure, b.procedure))) {
    const met = Number(p.met);
    const missed = Number(p.missed);
    report.procedures.push({
      procedure: p.procedure,
      started: Number(p.started),
      completed: Number(p.completed),
      open: Number(p.open),
      leadTime: summary(p.lead),
      workingTime: summary(p.working),
      waitingTime: summary(p.waiting),
      deadlines: {
        met,
        missed,
        shareMet: met + missed === 0 ? null : Math.round((met / (met + missed)) * 1000) / 1000,
      },
    });
  }
  report.steps = row.steps
    .map((s) => ({
      procedure: s.procedure,
      elementId: s.element_id,
      label: s.label,
      awaiting: s.awaiting,
      time: summary(s.time),
    }))
    .sort((a, b) => byName(a.procedure, b.procedure) || byName(a.elementId, b.elementId));

  const totals = new Map<string, number>();
  for (const a of row.awaited)
    totals.set(a.procedure, (totals.get(a.procedure) ?? 0) + Number(a.ms));
  report.awaited = row.awaited
    .sort((a, b) => byName(a.procedure, b.procedure) || byName(a.awaiting, b.awaiting))
    .map((a) => {
      const total = totals.get(a.procedure)!;
      return {
        procedure: a.procedure,
        awaiting: a.awaiting,
        totalDays: days(Number(a.ms)),
        share: total === 0 ? 0 : Math.round((Number(a.ms) / total) * 1000) / 1000,
      };
    });
  report.authorities = row.authorities
    .sort((a, b) => byName(a.authority, b.authority))
    .map((a) => ({ authority: a.authority, steps: Number(a.time.count), time: summary(a.time) }));
  report.weekly = row.weekly
    .sort((a, b) => byName(a.procedure, b.procedure) || byName(a.week, b.week))
    .map((w) => ({
      week: w.week,
      procedure: w.procedure,
      completed: Number(w.completed),
      medianLeadTimeDays: round2(w.median),
      deadlinesMet: Number(w.met),
      deadlinesMissed: Number(w.missed),
    }));
  // Every procedure with counts, every bin (none: 0), as the reference gives them.
  const counts = new Map<string, number[]>(report.procedures.map((p) => [p.procedure, []]));
  for (const d of row.distribution) {
    const list = counts.get(d.procedure);
    if (list) list[d.bin] = Number(d.n);
  }
  report.leadTimeDistribution = [...counts].map(([procedure, list]) => ({
    procedure,
    bins: leadTimeBins(list),
  }));
  return report;
}
