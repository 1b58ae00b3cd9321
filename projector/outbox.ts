import type { PoolClient, Queryable } from '../common/db.js';
import type { EngineEvent } from './engine-events.js';

/**
 * Reads the engine's transactional outbox (`engine_events`) without losing or repeating a
 * row. `seq` alone is no cursor: a transaction that took a lower `seq` can commit after one
 * with a higher `seq` (about 11% of rows under load would be skipped). The cursor is
 * `(txid, seq)`, and only transactions older than every transaction still in flight are read
 * (`txid < pg_snapshot_xmin(pg_current_snapshot())`): their rows are all committed or all
 * gone, and no older transaction can appear later. `../shared/architecture.md` has the probe.
 */
export interface OutboxCursor {
  txid: string;
  seq: string;
}

export const START_OF_FEED: OutboxCursor = { txid: '0', seq: '0' };

/** The next rows after `cursor`, in commit-safe order (at most `limit`). */
export async function readOutbox(
  q: Queryable,
  cursor: OutboxCursor,
  limit: number,
): Promise<EngineEvent[]> {
  const { rows } = await q.query<{
    txid: string;
    seq: string;
    type: string;
    process_instance_id: string | null;
    payload: Record<string, unknown>;
  }>(
    `select txid::text as txid, seq::text as seq, type, process_instance_id, payload
       from engine_events
      where (txid, seq) > ($1::xid8, $2::bigint)
        and txid < pg_snapshot_xmin(pg_current_snapshot())
      order by engine_events.txid, engine_events.seq
      limit $3`,
    [cursor.txid, cursor.seq, limit],
  );
  return rows.map((r) => ({
    txid: r.txid,
    seq: r.seq,
    type: r.type,
    processInstanceId: r.process_instance_id,
    payload: r.payload,
  }));
}

export async function loadCursor(q: Queryable, consumer: string): Promise<OutboxCursor> {
  const { rows } = await q.query<OutboxCursor>(
    `select txid::text as txid, seq::text as seq from read_model.outbox_cursors where consumer = $1`,
    [consumer],
  );
  return rows[0] ?? START_OF_FEED;
}

/** Inside the batch's transaction: the views and the cursor commit together. */
export async function saveCursor(
  client: PoolClient,
  consumer: string,
  cursor: OutboxCursor,
): Promise<void> {
  await client.query(
    `insert into read_model.outbox_cursors (consumer, txid, seq, updated_at)
     values ($1, $2::xid8, $3::bigint, now())
     on conflict (consumer) do update set txid = excluded.txid, seq = excluded.seq, updated_at = now()`,
    [consumer, cursor.txid, cursor.seq],
  );
}

/**
 * The outbox's retention: rows every consumer has applied and that are older than `keepMs`
 * (kept that long for diagnosis and replays) are deleted. History cleanup in the engine
 * writes no events, so the outbox needs its own.
 */
export async function pruneOutbox(q: Queryable, keepMs: number): Promise<number> {
  const res = await q.query(
    `delete from engine_events
      where (txid, seq) <= (select txid, seq from read_model.outbox_cursors order by txid, seq limit 1)
        and at < now() - ($1::bigint * interval '1 millisecond')`,
    [keepMs],
  );
  return res.rowCount ?? 0;
}
