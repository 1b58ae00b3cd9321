import { batchDuration, recordApplied, recordsApplied } from './metrics.js';
import { randomUUID } from 'node:crypto';
import type { Pool } from '../common/db.js';
import type { Logger } from '../common/logger.js';
import type { Procedure } from '../processes/registry.js';
import { InstanceStore } from './instance-store.js';
import { routeEvent } from './instance-view.js';
import type { EngineEvent } from './engine-events.js';
import { ProjectorLease } from './lease.js';
import { loadCursor, pruneOutbox, readOutbox, type OutboxCursor } from './outbox.js';

export interface ProjectorOptions {
  /** The database of the engine's outbox and the read model (the lease is an advisory lock there). */
  databaseUrl: string;
  /** This read model's name: its cursor in the outbox and its lease. */
  consumer: string;
  batchSize: number;
  /** Wait after an empty read before asking again. */
  idleMs: number;
  /** Outbox rows applied by every consumer are deleted after this long. */
  outboxKeepMs: number;
  /** The procedure registry (the cases' facts name steps and statutory deadlines by it). */
  procedures: Map<string, Procedure>;
  log: Logger;
}

/** How often the holder prunes the outbox. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Tails the engine's transactional outbox and keeps the read model in PostgreSQL. Each batch
 * — the views it changes, the inboxes, the cases' facts and the cursor after its last event —
 * is one transaction: a crash at any moment leaves either all of it or none, and the next
 * holder goes on from the stored cursor. Nothing is applied twice and nothing is skipped.
 * One projector holds the lease and applies; others stand by.
 */
export class Projector {
  private running = false;
  private loop: Promise<void> | undefined;
  private cursor: OutboxCursor | undefined;
  private lastPrune = 0;
  /** Events applied since start (for tests and the log). */
  applied = 0;

  private readonly store: InstanceStore;
  readonly lease: ProjectorLease;

  constructor(
    private readonly pool: Pool,
    private readonly options: ProjectorOptions,
  ) {
    this.lease = new ProjectorLease(
      options.databaseUrl,
      `wsa-projector:${options.consumer}`,
      `${options.consumer}:${randomUUID()}`,
    );
    this.store = new InstanceStore(pool, options.procedures, (client) => this.lease.fence(client));
  }

  async start(): Promise<void> {
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.lease.held()) {
          this.cursor = undefined;
          if (!(await this.lease.acquire())) {
            await this.sleep(this.options.idleMs * 5);
            continue;
          }
          this.options.log.info('projecting: lease taken', { holder: this.lease.holder });
        }
        // Read from the stored cursor whenever the lease was (re)taken: another holder may
        // have moved it meanwhile.
        this.cursor ??= await loadCursor(this.pool, this.options.consumer);
        const events = await readOutbox(this.pool, this.cursor, this.options.batchSize);
        // At most once a minute, idle or not: a projector that is never idle must prune too.
        await this.pruneNow();
        if (events.length === 0) {
          await this.sleep(this.options.idleMs);
          continue;
        }
        await this.handle(events);
      } catch (err) {
        if (!this.running) break;
        // The cursor in memory may be ahead of what committed: read it again.
        this.cursor = undefined;
        this.options.log.error('projection batch failed, retrying', {
          error: (err as Error).message,
        });
        await this.sleep(1000);
      }
    }
  }

  private async handle(events: EngineEvent[]): Promise<void> {
    const byInstance = new Map<string, EngineEvent[]>();
    for (const e of events) {
      const at = Date.parse(
        String(e.payload.timestamp ?? e.payload.endTime ?? e.payload.startTime),
      );
      if (!Number.isNaN(at)) recordApplied(at);
      for (const key of routeEvent(e)) {
        const list = byInstance.get(key) ?? [];
        list.push(e);
        byInstance.set(key, list);
      }
    }
    const last = events[events.length - 1]!;
    const next = { txid: last.txid, seq: last.seq };
    const startedAt = Date.now();
    await this.store.apply(byInstance, { consumer: this.options.consumer, cursor: next });
    this.cursor = next;
    this.applied += events.length;
    recordsApplied.inc(events.length);
    batchDuration.observe((Date.now() - startedAt) / 1000);
  }

  private async pruneNow(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const deleted = await pruneOutbox(this.pool, this.options.outboxKeepMs);
    if (deleted > 0) this.options.log.info('outbox pruned', { deleted });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop?.catch(() => undefined);
    await this.lease.release();
  }
}
