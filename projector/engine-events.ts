/**
 * Rows of the engine's transactional outbox (`engine_events`, written by the engine host in
 * the same transaction as the engine's own writes: engine/README.md). `type` is
 * `<history event class>:<event type>`, e.g. `HistoricActivityInstanceEventEntity:start`;
 * `payload` holds the event's fields (ids, activity, times as ISO strings, variable values as
 * JSON).
 */
export interface EngineEvent {
  /** Transaction id (xid8, as text) and sequence: together the feed's lossless order. */
  txid: string;
  seq: string;
  type: string;
  processInstanceId: string | null;
  payload: Record<string, unknown>;
}

/** The event's class (`HistoricTaskInstanceEventEntity`) and its event type (`create`). */
export function kindOf(e: EngineEvent): { entity: string; event: string } {
  const i = e.type.indexOf(':');
  return i < 0
    ? { entity: e.type, event: '' }
    : { entity: e.type.slice(0, i), event: e.type.slice(i + 1) };
}

/**
 * A string that orders like the feed: transaction id, then sequence, both zero-padded (both
 * are 64-bit; numbers would lose precision).
 */
export function positionOf(e: Pick<EngineEvent, 'txid' | 'seq'>): string {
  return `${e.txid.padStart(20, '0')}:${e.seq.padStart(20, '0')}`;
}

/** A payload field as a string, or undefined. */
export function str(p: Record<string, unknown>, field: string): string | undefined {
  const v = p[field];
  return v === undefined || v === null ? undefined : String(v);
}

/** A payload date (ISO string), or undefined. */
export function date(p: Record<string, unknown>, field: string): Date | undefined {
  const v = str(p, field);
  if (v === undefined) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
