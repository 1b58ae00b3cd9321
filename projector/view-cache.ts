import type { Redis } from 'ioredis';
import { BSON } from 'mongodb';
import type { InstanceView } from './instance-view.js';

/**
 * The newest instance views, kept in Redis next to the exporter's streams, so that reads
 * (the gateway's status, the projector's lookups of a case's other instances) do not queue
 * behind the store's writes. The store stays the truth: the projector writes a view to the store first
 * and only then here, every write here carries the view's revision and never replaces a newer
 * one, and whoever finds nothing here reads the store.
 *
 * Why Redis and not each gateway's memory: every gateway and projector process sees the same
 * entries, an entry is written once per change (no invalidation messages that could be
 * missed), and Redis is already there (the exporter). If Redis is away the readers fall back
 * to the store — slower, never wrong.
 *
 * Crash between the store write and the write here: the projector has not acknowledged the
 * records yet, reads them again, finds the store's view unchanged by them and puts that view
 * here (every view a batch touches is put, changed or not), so no entry stays behind.
 */
export class ViewCache {
  constructor(
    private readonly redis: Redis,
    /**
     * Entries of instances that stop changing leave after this long (they are in the store).
     * Only the projector writes; readers leave it out.
     */
    private readonly ttlMs = 0,
    private readonly prefix = 'wsa:view:',
  ) {
    redis.defineCommand('wsaPutView', { numberOfKeys: 1, lua: PUT_IF_NEWER });
  }

  /** The cached view, or null (not cached, or Redis unavailable: read the store). */
  async get(processInstanceKey: string): Promise<InstanceView | null> {
    const data = await this.redis.hgetBuffer(this.key(processInstanceKey), 'view');
    return data ? (BSON.deserialize(data) as InstanceView) : null;
  }

  /** Puts views as the store has them now; an entry with a newer revision is kept. */
  async put(views: InstanceView[]): Promise<void> {
    if (views.length === 0) return;
    if (this.ttlMs <= 0) throw new Error('view cache: a writer needs a time to live');
    const pipeline = this.redis.pipeline();
    for (const view of views)
      (pipeline as unknown as PutCommand).wsaPutView(
        this.key(view._id),
        String(view.revision),
        Buffer.from(BSON.serialize(view)),
        String(this.ttlMs),
      );
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0]!;
  }

  private key(processInstanceKey: string): string {
    return `${this.prefix}${processInstanceKey}`;
  }
}

type PutCommand = {
  wsaPutView(key: string, revision: string, view: Buffer, ttlMs: string): unknown;
};

/** KEYS[1] view key; ARGV revision, BSON, time to live (ms). Returns 1 if written. */
const PUT_IF_NEWER = `
local current = redis.call('HGET', KEYS[1], 'rev')
if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'rev', ARGV[1], 'view', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;
