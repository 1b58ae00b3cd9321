import { batchDuration, recordApplied, recordsApplied } from './metrics.js';
import { Redis } from 'ioredis';
import type { Pool } from '../common/db.js';
import type { Logger } from '../common/logger.js';
import { InstanceStore } from './instance-store.js';
import { PROJECTED_VALUE_TYPES, routeRecord } from './instance-view.js';
import { DEFINITION_VALUE_TYPES, definitionOf, type DeployedDefinition } from './definitions.js';
import { parseRecord, type ZeebeRecord } from './records.js';
import { ProjectorLease } from './lease.js';
import { randomUUID } from 'node:crypto';
import type { Procedure } from '../processes/registry.js';

export interface ProjectorOptions {
  redisUrl: string;
  /** The read model's database (the lease is an advisory lock there). */
  databaseUrl: string;
  streamPrefix: string;
  /** Consumer group: one per read model. */
  group: string;
  /** Consumer name within the group (entries read but not acknowledged are kept under it). */
  consumer: string;
  batchSize: number;
  blockMs: number;
  /** The procedure registry (the cases' facts name steps and statutory deadlines by it). */
  procedures: Map<string, Procedure>;
  log: Logger;
}

type StreamEntries = [stream: string, entries: [id: string, fields: string[]][]][];

/**
 * Consumes the exporter's Redis streams with a consumer group (at-least-once) and keeps
 * the read model in PostgreSQL. An entry is acknowledged, then deleted from the stream, only
 * after its batch's transaction committed; a crash before that means it is read again on
 * restart and the views' watermarks make the repeat harmless.
 */
/** Every value type the exporter writes and the projector reads. */
export const EXPORTED_VALUE_TYPES = [...PROJECTED_VALUE_TYPES, ...DEFINITION_VALUE_TYPES];

export class Projector {
  private readonly redis: Redis;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly streams: string[];
  /** Records applied since start (for tests and the log). */
  applied = 0;

  private readonly store: InstanceStore;
  /** Only the holder applies records (projector/lease.ts); other projectors stand by. */
  readonly lease: ProjectorLease;

  constructor(
    pool: Pool,
    private readonly options: ProjectorOptions,
  ) {
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    // While Redis is away ioredis reconnects by itself; say so once per error, do not crash.
    this.redis.on('error', (err: Error) =>
      options.log.warn('redis connection error; reconnecting', { error: err.message }),
    );
    this.lease = new ProjectorLease(
      options.databaseUrl,
      `wsa-projector:${options.group}`,
      `${options.consumer}:${randomUUID()}`,
    );
    this.store = new InstanceStore(pool, options.procedures, (client) => this.lease.fence(client));
    this.streams = EXPORTED_VALUE_TYPES.map((t) => `${options.streamPrefix}:${t}`);
  }

  async start(): Promise<void> {
    await this.redis.connect();
    for (const stream of this.streams) {
      try {
        await this.redis.xgroup('CREATE', stream, this.options.group, '0', 'MKSTREAM');
      } catch (err) {
        if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
      }
    }
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    // First what the group had read but not acknowledged (a crash), then new entries.
    let pendingDone = false;
    while (this.running) {
      try {
        if (!this.lease.held()) {
          if (!(await this.lease.acquire())) {
            await new Promise((r) => setTimeout(r, this.options.blockMs));
            continue;
          }
          // Whatever an earlier holder had read and not acknowledged is ours to apply now.
          await this.claimPending();
          pendingDone = false;
          this.options.log.info('projecting: lease taken', { holder: this.lease.holder });
        }
        const ids = this.streams.map(() => (pendingDone ? '>' : '0'));
        const args: (string | number)[] = [
          'GROUP',
          this.options.group,
          this.options.consumer,
          'COUNT',
          this.options.batchSize,
        ];
        if (pendingDone) args.push('BLOCK', this.options.blockMs);
        args.push('STREAMS', ...this.streams, ...ids);
        const res = (await this.redis.call('XREADGROUP', ...args)) as StreamEntries | null;
        const entries = (res ?? []).flatMap(([, list]) => list);
        if (!pendingDone && entries.length === 0) {
          pendingDone = true;
          this.options.log.info('pending entries replayed, reading new records');
          continue;
        }
        // Lease lost while reading: leave the entries pending for whoever holds it now.
        if (res && this.lease.held()) await this.handle(res);
      } catch (err) {
        if (!this.running) break;
        this.options.log.error('projection batch failed, retrying', {
          error: (err as Error).message,
        });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Moves every pending entry of the group, whoever read it, to this consumer. */
  private async claimPending(): Promise<void> {
    for (const stream of this.streams) {
      let cursor = '0-0';
      do {
        const [next] = (await this.redis.call(
          'XAUTOCLAIM',
          stream,
          this.options.group,
          this.options.consumer,
          0,
          cursor,
          'COUNT',
          1000,
          'JUSTID',
        )) as [string, string[]];
        cursor = next;
      } while (cursor !== '0-0');
    }
  }

  private async handle(res: StreamEntries): Promise<void> {
    // Group by process instance, keeping each stream's order.
    const byInstance = new Map<string, ZeebeRecord[]>();
    const definitions: DeployedDefinition[] = [];
    for (const [, entries] of res) {
      for (const [id, fields] of entries) {
        // The exporter writes one field per entry: <timestamp> -> <record JSON>.
        const json = fields[1];
        if (json === undefined) continue;
        try {
          const parsed = parseRecord(json);
          recordApplied(parsed.timestamp);
          const definition = definitionOf(parsed);
          if (definition) definitions.push(definition);
          for (const [key, record] of routeRecord(parsed)) {
            const list = byInstance.get(key) ?? [];
            list.push(record);
            byInstance.set(key, list);
          }
        } catch (err) {
          this.options.log.error('unparseable record skipped', {
            entryId: id,
            error: (err as Error).message,
          });
        }
      }
    }
    const startedAt = Date.now();
    await this.store.apply(byInstance, definitions);
    for (const [stream, entries] of res) {
      if (entries.length === 0) continue;
      const ids = entries.map(([id]) => id);
      await this.redis.xack(stream, this.options.group, ...ids);
      await this.redis.xdel(stream, ...ids);
      this.applied += entries.length;
      recordsApplied.inc(entries.length);
    }
    batchDuration.observe((Date.now() - startedAt) / 1000);
  }

  async stop(): Promise<void> {
    this.running = false;
    // Unblock a waiting XREADGROUP by closing the connection.
    this.redis.disconnect();
    await this.loop?.catch(() => undefined);
    await this.lease.release();
  }
}
