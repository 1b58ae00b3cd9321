import { type EngineClient } from '../common/engine.js';

/**
 * How long personal data is kept after a case ends: the decision tables of
 * `processes/shared/retention.dmn`, evaluated by the engine (so a process owner changes a
 * period by deploying the table, never by changing code).
 */
export const DATA_CLASSES = ['documents', 'caseData', 'notices', 'technicalLogs'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];
export const RETENTION_OUTCOMES = ['granted', 'refused', 'withdrawn'] as const;
export type RetentionOutcome = (typeof RETENTION_OUTCOMES)[number];

export interface RetentionPeriod {
  /** ISO 8601 duration after the end of the case (years, months, weeks, days). */
  period: string;
  legalBasis: string;
}

export const RETENTION_DECISION = 'wsa-retention';
export const OUTCOME_DECISION = 'wsa-retention-outcome';

type Result = Record<string, { value: unknown }>;

const str = (value: string | null) =>
  value === null ? { value: null, type: 'Null' } : { value, type: 'String' };

export class RetentionTable {
  constructor(private readonly engine: EngineClient) {}

  private async evaluate(decision: string, variables: Record<string, string | null>) {
    const results = await this.engine.request<Result[]>(
      'POST',
      `/decision-definition/key/${decision}/evaluate`,
      {
        variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, str(v)])),
      },
    );
    if (!results[0])
      throw new Error(`decision ${decision} has no rule for ${JSON.stringify(variables)}`);
    return results[0];
  }

  /** The retention outcome of a case whose last notice had this outcome (null: none). */
  async outcome(noticeOutcome: string | null): Promise<RetentionOutcome> {
    const value = (await this.evaluate(OUTCOME_DECISION, { noticeOutcome })).outcome?.value;
    if (!RETENTION_OUTCOMES.includes(value as RetentionOutcome))
      throw new Error(`decision ${OUTCOME_DECISION} gave ${String(value)}`);
    return value as RetentionOutcome;
  }

  /** The period and its legal basis of each data class. */
  async periods(
    procedure: string,
    outcome: RetentionOutcome,
  ): Promise<Record<DataClass, RetentionPeriod>> {
    const entries = await Promise.all(
      DATA_CLASSES.map(async (dataClass) => {
        const r = await this.evaluate(RETENTION_DECISION, { procedure, outcome, dataClass });
        const period = String(r.period?.value ?? '');
        parseDuration(period); // refuses what the job could not count
        return [dataClass, { period, legalBasis: String(r.legalBasis?.value ?? '') }] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<DataClass, RetentionPeriod>;
  }
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/** Years, months, weeks and days of an ISO 8601 date duration (no time part). */
export function parseDuration(iso: string): { y: number; m: number; d: number } {
  const m = DURATION.exec(iso);
  if (!m || iso === 'P') throw new Error(`not an ISO 8601 date duration: "${iso}"`);
  const n = (i: number) => Number(m[i] ?? 0);
  return { y: n(1), m: n(2), d: n(3) * 7 + n(4) };
}

/** `from` plus an ISO 8601 date duration, in calendar terms (UTC). */
export function addDuration(from: Date, iso: string): Date {
  const { y, m, d } = parseDuration(iso);
  const t = new Date(from);
  t.setUTCFullYear(t.getUTCFullYear() + y, t.getUTCMonth() + m, t.getUTCDate() + d);
  return t;
}

/** The duration in days at most (a year of 366 days, a month of 31): for comparisons. */
export function maxDays(iso: string): number {
  const { y, m, d } = parseDuration(iso);
  return y * 366 + m * 31 + d;
}

/** The duration in days at least (a year of 365 days, a month of 28). */
export function minDays(iso: string): number {
  const { y, m, d } = parseDuration(iso);
  return y * 365 + m * 28 + d;
}

/** A rule of the decision wsa-retention, as written in the DMN file. */
export interface RetentionRule {
  /** `-`: every procedure. */
  procedure: string;
  outcome: string;
  dataClass: string;
  period: string;
  legalBasis: string;
  annotation: string;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * The rules of wsa-retention read from the DMN file (for the contract test and the record of
 * processing activities, which need no engine). Entries are FEEL string literals or `-`.
 */
export function retentionRules(dmnXml: string): RetentionRule[] {
  const decision = /<decision id="wsa-retention"[\s\S]*?<\/decision>/.exec(dmnXml)?.[0] ?? '';
  const literal = (s: string) => unescapeXml(s).trim().replace(/^"|"$/g, '');
  return [...decision.matchAll(/<rule [\s\S]*?<\/rule>/g)].map(([rule]) => {
    const texts = [...rule.matchAll(/<text>([\s\S]*?)<\/text>/g)].map((m) => literal(m[1]!));
    const annotation = unescapeXml(/<description>([\s\S]*?)<\/description>/.exec(rule)?.[1] ?? '');
    const [procedure = '', outcome = '', dataClass = '', period = '', legalBasis = ''] = texts;
    return { procedure, outcome, dataClass, period, legalBasis, annotation };
  });
}
