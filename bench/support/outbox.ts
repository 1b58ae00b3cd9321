import type { Queryable } from '../../common/db.js';
import { loadCursor } from '../../projector/outbox.js';

/** The projector's read model (its cursor in the outbox); projector/main.ts's default. */
export const READ_MODEL_CONSUMER = 'wsa-read-model';

/**
 * Outbox rows the projector could read now but has not applied: the rows after its stored
 * cursor in transactions no longer in flight (the projector's own reading rule,
 * projector/outbox.ts). 0: the read model has caught up with every committed engine write.
 */
export async function projectionBacklog(
  q: Queryable,
  consumer = READ_MODEL_CONSUMER,
): Promise<number> {
  const cursor = await loadCursor(q, consumer);
  const { rows } = await q.query<{ n: string }>(
    `select count(*) as n from engine_events
      where (txid, seq) > ($1::xid8, $2::bigint)
        and txid < pg_snapshot_xmin(pg_current_snapshot())`,
    [cursor.txid, cursor.seq],
  );
  return Number(rows[0]!.n);
}

/** Waits until the projection has caught up (backlog 0); says every 5 s how far it is. */
export async function waitCaughtUp(
  q: Queryable,
  timeoutMs = 300_000,
  alive: () => boolean = () => true,
): Promise<number> {
  const t0 = Date.now();
  let noted = t0;
  for (;;) {
    const backlog = await projectionBacklog(q);
    if (backlog === 0) return Date.now() - t0;
    if (!alive()) throw new Error(`the projector ended with ${backlog} outbox rows not applied`);
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`projection not caught up after ${timeoutMs} ms (${backlog} rows behind)`);
    if (Date.now() - noted > 5000) {
      console.error(`  ... projector catching up: ${backlog} outbox rows behind`);
      noted = Date.now();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
