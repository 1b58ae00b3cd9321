import { isSafeNumber, parse } from 'lossless-json';

/**
 * Zeebe records as the Redis exporter writes them (record.toJson()). Keys are 64-bit
 * integers: they can exceed JavaScript's safe range, so the JSON is parsed losslessly and
 * every key is handled as a string.
 */
export interface ZeebeRecord {
  partitionId: number;
  position: string;
  key: string;
  timestamp: number;
  valueType: string;
  recordType: string;
  intent: string;
  value: Record<string, unknown>;
}

/** Parses JSON; integers outside the safe range become strings instead of losing digits. */
export function parseLossless(text: string): unknown {
  return parse(text, null, (digits: string) => (isSafeNumber(digits) ? Number(digits) : digits));
}

export function parseRecord(text: string): ZeebeRecord {
  const raw = parseLossless(text) as Record<string, unknown>;
  return {
    partitionId: Number(raw.partitionId),
    position: String(raw.position),
    key: String(raw.key),
    timestamp: Number(raw.timestamp),
    valueType: String(raw.valueType),
    recordType: String(raw.recordType),
    intent: String(raw.intent),
    value: (raw.value ?? {}) as Record<string, unknown>,
  };
}

/** A key field of a record value as a string ("-1" stays "-1": Zeebe's "none"). */
export function keyOf(value: Record<string, unknown>, field: string): string {
  const v = value[field];
  return v === undefined || v === null ? '-1' : String(v);
}

/**
 * Positions grow per partition. Stored zero-padded so that string comparison in the
 * store orders them numerically (positions are 64-bit; numbers would lose precision).
 */
export function sortablePosition(partitionId: number, position: string): string {
  return `${String(partitionId).padStart(4, '0')}:${position.padStart(20, '0')}`;
}
