/**
 * A record whose keys come from models or requests: no inherited properties, so a name such
 * as `constructor`, `__proto__` or `toString` finds nothing instead of Object's own members.
 */
export function ownRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/** The value under `key` if the record has it as its own property (never an inherited one). */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
