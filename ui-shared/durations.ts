/**
 * Durations as people read them, with their unit: work under a day in hours (or minutes),
 * longer in days — never "0 d" for a few hours' work.
 */
const UNITS = {
  de: { min: 'min', h: 'Std.', d: (n: number) => (n === 1 ? 'Tag' : 'Tage') },
  en: { min: 'min', h: 'h', d: (n: number) => (n === 1 ? 'day' : 'days') },
} as const;

function number(value: number, language: 'de' | 'en', digits: number): string {
  return value.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB', {
    maximumFractionDigits: digits,
  });
}

/**
 * A duration given in days ("3,5 Tage", "5 h", "20 min"); `null` as a dash. A negative one
 * (clocks apart: the engine's clock ahead of the gateway's) shows as none.
 */
export function formatDays(given: number | null | undefined, language: 'de' | 'en'): string {
  if (given === null || given === undefined || !Number.isFinite(given)) return '–';
  const days = Math.max(0, given);
  const u = UNITS[language];
  const hours = days * 24;
  if (hours < 1) return `${number(Math.round(hours * 60), language, 0)} ${u.min}`;
  if (days < 1) return `${number(hours, language, hours < 10 ? 1 : 0)} ${u.h}`;
  const rounded = Math.round(days * 10) / 10;
  return `${number(rounded, language, 1)} ${u.d(rounded)}`;
}

/** A duration given in minutes (an incident's age). */
export function formatMinutes(minutes: number | null | undefined, language: 'de' | 'en'): string {
  return minutes === null || minutes === undefined
    ? '–'
    : formatDays(minutes / (24 * 60), language);
}
