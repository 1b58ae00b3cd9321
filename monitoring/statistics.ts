/** Small, exact statistics for the KPIs and predictions (documented so tests can expect values). */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Days, rounded to two decimals. */
export function days(ms: number): number {
  return Math.round((ms / DAY_MS) * 100) / 100;
}

/**
 * The q-quantile (0..1) of the values, linearly interpolated between the two nearest ranks
 * (the "R-7" definition of spreadsheets and numpy's default): median of [1, 2, 3, 10] is 2.5.
 */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lower = Math.floor(pos);
  const upper = Math.ceil(pos);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (pos - lower);
}

export function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** ISO 8601 week of a date, e.g. "2027-W09" (weeks start on Monday, UTC). */
export function isoWeek(d: Date): string {
  const date = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
