import type { Language } from './api.js';

/**
 * Values as people read them, in the chosen language: a day ("14 Dec 2026" /
 * "14. Dez. 2026"), a day range that never repeats one day ("between 30 Nov and 30 Nov"),
 * money ("€56,000" / "56.000 €") and the authorities' codes as their names.
 */
const LOCALE: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

export function formatDay(iso: string | null | undefined, language: Language): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleDateString(LOCALE[language], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  });
}

/** Two days as a range; the same day once. */
export function formatDayRange(from: string, to: string, language: Language): string {
  const a = formatDay(from, language);
  const b = formatDay(to, language);
  return a === b ? a : `${a} – ${b}`;
}

export function formatMoney(amount: number, language: Language, currency = 'EUR'): string {
  return new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-IE', {
    style: 'currency',
    currency,
    maximumFractionDigits: Number.isInteger(amount) ? 0 : 2,
  }).format(amount);
}

export const AUTHORITY_NAMES: Record<Language, Record<string, string>> = {
  de: {
    ABH: 'Ausländerbehörde',
    BA: 'Bundesagentur für Arbeit',
    BVA: 'Bundesverwaltungsamt',
    MISSION: 'Auslandsvertretung',
    RECOGNITION: 'Anerkennungsstelle',
  },
  en: {
    ABH: 'Immigration office',
    BA: 'Federal Employment Agency',
    BVA: 'Federal Office of Administration',
    MISSION: 'German mission abroad',
    RECOGNITION: 'Recognition authority',
  },
};

/** An authority's code as its name ("BA" → "Federal Employment Agency"); unknown codes as given. */
export function authorityName(code: string | null | undefined, language: Language): string {
  if (!code) return '–';
  return AUTHORITY_NAMES[language][code] ?? code;
}

/** A field's value for reading: money fields as money, ISO days as days, yes/no in words. */
export function formatValue(key: string, value: unknown, language: Language): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean')
    return language === 'de' ? (value ? 'ja' : 'nein') : value ? 'yes' : 'no';
  if (typeof value === 'number' && /salary|amount|income|gross|threshold/i.test(key))
    return formatMoney(value, language);
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
  )
    return formatDay(value, language);
  if (typeof value === 'string' && /^authority$|Authority$/.test(key))
    return authorityName(value, language);
  if (Array.isArray(value)) return value.map((v) => formatValue(key, v, language)).join(', ');
  return String(value);
}

interface HistoryRow {
  at: string;
  elementId: string;
  event: 'started' | 'completed' | 'cancelled';
}

/**
 * A case's history with each step once, with its outcome: the status lists a step's start and
 * its end as two rows; a started row takes the step's later completed or cancelled outcome (a
 * step run again, in a loop, shows again).
 */
export function foldHistory<T extends HistoryRow>(history: T[]): T[] {
  const out: T[] = [];
  const open = new Map<string, number>();
  for (const h of history) {
    const at = open.get(h.elementId);
    if (h.event !== 'started' && at !== undefined) {
      out[at] = { ...h, at: out[at]!.at };
      open.delete(h.elementId);
      continue;
    }
    if (h.event === 'started') open.set(h.elementId, out.length);
    out.push(h);
  }
  return out;
}
