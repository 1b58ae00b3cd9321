import type { Procedure } from '../processes/registry.js';
import type { InstanceView } from '../read-model/instance-view.js';
import { caseFacts, stageOf, type CaseFacts } from '../read-model/case-facts.js';
import { days, isoWeek, quantile } from './statistics.js';

/**
 * Impact monitoring (Wirkungskontrolle), computed from the projection of each case (its root
 * instance and the instances its call activities started). Definitions:
 *   lead time      a case's start to its end (completed cases only)
 *   step time      a named step (a stage in procedure.json) from activation to its end
 *   working time   step time while an authority or the platform is awaited
 *   waiting time   step time while a party (applicant, employer) is awaited
 *   deadline met   a statutory deadline timer (procedure.json `statutoryDeadlines`) that was
 *                  cancelled because the awaited decision came first; missed when it fired;
 *                  still running timers are not counted
 * Times are in days (two decimals); medians interpolate (see statistics.ts).
 *
 * These functions are the reference definitions; the gateway has PostgreSQL compute the same
 * report (gateway/data/kpi-aggregates.ts), and test/integration/kpi-aggregates.test.ts holds
 * the two to the same figures.
 */
export type CaseViews = InstanceView[];

export interface Summary {
  count: number;
  medianDays: number | null;
  p90Days: number | null;
  meanDays: number | null;
}

export interface KpiReport {
  procedures: {
    procedure: string;
    started: number;
    completed: number;
    open: number;
    leadTime: Summary;
    workingTime: Summary;
    waitingTime: Summary;
    deadlines: { met: number; missed: number; shareMet: number | null };
  }[];
  steps: {
    procedure: string;
    elementId: string;
    label: string;
    awaiting: string | null;
    time: Summary;
  }[];
  awaited: { procedure: string; awaiting: string; totalDays: number; share: number }[];
  authorities: { authority: string; steps: number; time: Summary }[];
  weekly: {
    week: string;
    procedure: string;
    completed: number;
    medianLeadTimeDays: number | null;
    /** Statutory deadlines of the cases completed that week: met and missed. */
    deadlinesMet: number;
    deadlinesMissed: number;
  }[];
  /**
   * How the lead times of completed cases spread, per procedure: how many fall into each bin
   * of LEAD_TIME_BINS (from inclusive, to exclusive; the last bin is open).
   */
  leadTimeDistribution: { procedure: string; bins: LeadTimeBin[] }[];
}

export interface LeadTimeBin {
  fromDays: number;
  /** Null: open upwards. */
  toDays: number | null;
  count: number;
}

/**
 * The lead time bins' lower edges in days: under 10 minutes, an hour, a day, a week, two
 * weeks, a month, two, three, six months, and longer. Fine at the short end because automated
 * procedures end within minutes, coarse where statutory periods (weeks, months) lie.
 */
export const LEAD_TIME_BIN_EDGES_DAYS = [0, 1 / 144, 1 / 24, 1, 7, 14, 30, 60, 90, 180];

/** The edges in whole milliseconds (as the database compares them). */
export const LEAD_TIME_BIN_EDGES_MS = LEAD_TIME_BIN_EDGES_DAYS.map((d) =>
  Math.round(d * 86_400_000),
);

/** The bin of a lead time (ms): the last edge not above it (below 0: the first). */
export function leadTimeBinOf(ms: number): number {
  let bin = 0;
  LEAD_TIME_BIN_EDGES_MS.forEach((edge, i) => {
    if (ms >= edge) bin = i;
  });
  return bin;
}

/** Bins with these counts (index: bin). */
export function leadTimeBins(counts: number[]): LeadTimeBin[] {
  return LEAD_TIME_BIN_EDGES_DAYS.map((fromDays, i) => ({
    fromDays,
    toDays: LEAD_TIME_BIN_EDGES_DAYS[i + 1] ?? null,
    count: counts[i] ?? 0,
  }));
}

/** Who is a party (waiting time) rather than an authority or the platform (working time). */
export const PARTIES = new Set(['applicant', 'employer', 'agent']);

function summary(durationsMs: number[]): Summary {
  const d = durationsMs.map(days);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  // The mean of values in hundredths, summed as whole hundredths: exact, so a mean that ends
  // in a half hundredth rounds up, as in the database, not by the floating sum's last bit.
  const hundredths = d.reduce((a, x) => a + Math.round(x * 100), 0);
  return {
    count: d.length,
    medianDays: round(quantile(d, 0.5)),
    p90Days: round(quantile(d, 0.9)),
    meanDays: d.length === 0 ? null : Math.round(hundredths / d.length) / 100,
  };
}

interface StepSpan {
  procedure: string;
  elementId: string;
  label: string;
  awaiting: string | null;
  ms: number;
}

/** Every ended, named step of a case, with the procedure it belongs to. */
function stepsOf(facts: KpiCase, procedures: Map<string, Procedure>): StepSpan[] {
  return facts.steps.flatMap((s) => {
    const stage = stageOf(s, procedures);
    return stage
      ? [
          {
            procedure: s.procedure,
            elementId: s.elementId,
            label: stage.en,
            awaiting: stage.awaiting ?? null,
            ms: s.endedAt - s.activatedAt,
          },
        ]
      : [];
  });
}

/** The KPIs of these cases (each root first, then its called instances). */
export function computeKpis(cases: CaseViews[], procedures: Map<string, Procedure>): KpiReport {
  return kpisFromFacts(
    cases.filter((c) => c.length > 0).map((c) => caseFacts(c, procedures)),
    procedures,
  );
}

/** What the KPI report needs of one case besides the counts (read-model/case-facts.ts). */
type KpiCase = Pick<
  CaseFacts,
  'procedure' | 'state' | 'startedAt' | 'endedAt' | 'steps' | 'deadlines'
>;

/** The counts per procedure (the store's aggregation answers the same shape). */
export interface ProcedureCounts {
  procedure: string;
  started: number;
  completed: number;
  open: number;
  met: number;
  missed: number;
}

const isCompleted = (c: KpiCase) => c.state === 'COMPLETED' && !!c.startedAt && !!c.endedAt;

/** The counts of these cases per procedure of the registry. */
function countsFromFacts(
  cases: CaseFacts[],
  procedures: Map<string, Procedure>,
): ProcedureCounts[] {
  const counts = new Map<string, ProcedureCounts>();
  for (const c of cases) {
    if (!c.procedure || !procedures.has(c.procedure)) continue;
    const n = counts.get(c.procedure) ?? {
      procedure: c.procedure,
      started: 0,
      completed: 0,
      open: 0,
      met: 0,
      missed: 0,
    };
    n.started += 1;
    if (isCompleted(c)) n.completed += 1;
    if (c.state === 'ACTIVE') n.open += 1;
    n.met += c.deadlines.met;
    n.missed += c.deadlines.missed;
    counts.set(c.procedure, n);
  }
  return [...counts.values()];
}

/** The KPIs from the cases' facts (read-model/case-facts.ts). */
export function kpisFromFacts(cases: CaseFacts[], procedures: Map<string, Procedure>): KpiReport {
  return kpiReport(countsFromFacts(cases, procedures), cases, procedures);
}

/**
 * The KPI report from the counts per procedure and the cases' times and steps (cases of
 * procedures without counts are left out).
 */
function kpiReport(
  counts: ProcedureCounts[],
  cases: KpiCase[],
  procedures: Map<string, Procedure>,
): KpiReport {
  const byProcedure = new Map<string, KpiCase[]>(counts.map((n) => [n.procedure, []]));
  for (const c of cases) byProcedure.get(c.procedure ?? '')?.push(c);
  const countOf = new Map(counts.map((n) => [n.procedure, n]));
  const report: KpiReport = {
    procedures: [],
    steps: [],
    awaited: [],
    authorities: [],
    weekly: [],
    leadTimeDistribution: [],
  };
  const allSteps: StepSpan[] = [];

  for (const [procedure, list] of [...byProcedure].sort(([a], [b]) => a.localeCompare(b))) {
    const n = countOf.get(procedure)!;
    const completed = list.filter(isCompleted);
    const lead = (c: KpiCase) => c.endedAt! - c.startedAt!;
    const working: number[] = [];
    const waiting: number[] = [];
    for (const c of completed) {
      const steps = stepsOf(c, procedures);
      // Steps without an awaited party are milestones (events): they count in neither.
      const awaited = steps.filter((s) => s.awaiting !== null);
      working.push(awaited.filter((s) => !PARTIES.has(s.awaiting!)).reduce((a, s) => a + s.ms, 0));
      waiting.push(awaited.filter((s) => PARTIES.has(s.awaiting!)).reduce((a, s) => a + s.ms, 0));
    }
    const { met, missed } = n;
    report.procedures.push({
      procedure,
      started: n.started,
      completed: n.completed,
      open: n.open,
      leadTime: summary(completed.map(lead)),
      workingTime: summary(working),
      waitingTime: summary(waiting),
      deadlines: {
        met,
        missed,
        shareMet: met + missed === 0 ? null : Math.round((met / (met + missed)) * 1000) / 1000,
      },
    });
    for (const c of list) allSteps.push(...stepsOf(c, procedures));
    const histogram: number[] = [];
    for (const c of completed) {
      const bin = leadTimeBinOf(lead(c));
      histogram[bin] = (histogram[bin] ?? 0) + 1;
    }
    report.leadTimeDistribution.push({ procedure, bins: leadTimeBins(histogram) });

    const weeks = new Map<string, { leads: number[]; met: number; missed: number }>();
    for (const c of completed) {
      const w = isoWeek(new Date(c.endedAt!));
      const week = weeks.get(w) ?? { leads: [], met: 0, missed: 0 };
      week.leads.push(lead(c));
      week.met += c.deadlines.met;
      week.missed += c.deadlines.missed;
      weeks.set(w, week);
    }
    for (const [week, { leads, met, missed }] of [...weeks].sort(([a], [b]) => a.localeCompare(b)))
      report.weekly.push({
        week,
        procedure,
        completed: leads.length,
        medianLeadTimeDays: summary(leads).medianDays,
        deadlinesMet: met,
        deadlinesMissed: missed,
      });
  }

  const stepGroups = new Map<string, StepSpan[]>();
  for (const s of allSteps) {
    const k = `${s.procedure}\u0000${s.elementId}`;
    const group = stepGroups.get(k);
    if (group) group.push(s);
    else stepGroups.set(k, [s]);
  }
  for (const list of stepGroups.values()) {
    const s = list[0]!;
    report.steps.push({
      procedure: s.procedure,
      elementId: s.elementId,
      label: s.label,
      awaiting: s.awaiting,
      time: summary(list.map((x) => x.ms)),
    });
  }
  report.steps.sort(
    (a, b) => a.procedure.localeCompare(b.procedure) || a.elementId.localeCompare(b.elementId),
  );

  const awaitedTotals = new Map<string, Map<string, number>>();
  for (const s of allSteps) {
    const m = awaitedTotals.get(s.procedure) ?? new Map<string, number>();
    if (s.awaiting === null) continue;
    m.set(s.awaiting, (m.get(s.awaiting) ?? 0) + s.ms);
    awaitedTotals.set(s.procedure, m);
  }
  for (const [procedure, m] of [...awaitedTotals].sort(([a], [b]) => a.localeCompare(b))) {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    for (const [awaiting, ms] of [...m].sort(([a], [b]) => a.localeCompare(b)))
      report.awaited.push({
        procedure,
        awaiting,
        totalDays: days(ms),
        share: total === 0 ? 0 : Math.round((ms / total) * 1000) / 1000,
      });
  }

  const byAuthority = new Map<string, number[]>();
  for (const s of allSteps)
    if (s.awaiting && s.awaiting !== 'system' && !PARTIES.has(s.awaiting)) {
      const list = byAuthority.get(s.awaiting);
      if (list) list.push(s.ms);
      else byAuthority.set(s.awaiting, [s.ms]);
    }
  for (const [authority, list] of [...byAuthority].sort(([a], [b]) => a.localeCompare(b)))
    report.authorities.push({ authority, steps: list.length, time: summary(list) });

  return report;
}

/** The report as CSV tables, one block per section (for spreadsheets). */
export function kpisAsCsv(r: KpiReport): string {
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const table = (title: string, header: string[], rows: unknown[][]) =>
    [`# ${title}`, header.join(','), ...rows.map((r) => r.map(esc).join(','))].join('\n');
  const sum = (s: Summary) => [s.count, s.medianDays, s.p90Days, s.meanDays];
  return (
    [
      table(
        'procedures',
        [
          'procedure',
          'started',
          'completed',
          'open',
          'lead_n',
          'lead_median_days',
          'lead_p90_days',
          'lead_mean_days',
          'working_median_days',
          'waiting_median_days',
          'deadlines_met',
          'deadlines_missed',
          'deadlines_share_met',
        ],
        r.procedures.map((p) => [
          p.procedure,
          p.started,
          p.completed,
          p.open,
          ...sum(p.leadTime),
          p.workingTime.medianDays,
          p.waitingTime.medianDays,
          p.deadlines.met,
          p.deadlines.missed,
          p.deadlines.shareMet,
        ]),
      ),
      table(
        'steps',
        ['procedure', 'element', 'label', 'awaiting', 'n', 'median_days', 'p90_days', 'mean_days'],
        r.steps.map((s) => [s.procedure, s.elementId, s.label, s.awaiting, ...sum(s.time)]),
      ),
      table(
        'awaited',
        ['procedure', 'awaiting', 'total_days', 'share'],
        r.awaited.map((a) => [a.procedure, a.awaiting, a.totalDays, a.share]),
      ),
      table(
        'authorities',
        ['authority', 'steps', 'median_days', 'p90_days', 'mean_days'],
        r.authorities.map((a) => [
          a.authority,
          a.steps,
          a.time.medianDays,
          a.time.p90Days,
          a.time.meanDays,
        ]),
      ),
      table(
        'weekly',
        ['week', 'procedure', 'completed', 'median_lead_days', 'deadlines_met', 'deadlines_missed'],
        r.weekly.map((w) => [
          w.week,
          w.procedure,
          w.completed,
          w.medianLeadTimeDays,
          w.deadlinesMet,
          w.deadlinesMissed,
        ]),
      ),
      table(
        'lead time distribution',
        ['procedure', 'from_days', 'to_days', 'completed'],
        r.leadTimeDistribution.flatMap((d) =>
          d.bins.map((b) => [d.procedure, b.fromDays, b.toDays, b.count]),
        ),
      ),
    ].join('\n\n') + '\n'
  );
}
