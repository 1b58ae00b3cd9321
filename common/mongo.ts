import { MongoClient, type Db } from 'mongodb';

export async function connectMongo(
  url: string,
  dbName: string,
  /** How often the driver checks the server (ms); the gateway checks every second. */
  heartbeatFrequencyMS = 10_000,
): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: 5000,
    heartbeatFrequencyMS,
    monitorCommands: Boolean(process.env.MONGO_COMMAND_STATS),
  });
  if (process.env.MONGO_COMMAND_STATS) reportCommandStats(client);
  await client.connect();
  return { client, db: client.db(dbName) };
}

/** Mongo's duplicate-key error: used for idempotent inserts and stale-update detection. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * The store cannot be reached (down, restarting, network): callers answer 503 with
 * Retry-After instead of 500, and retry later; nothing was written.
 */
export function isStoreUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = (err as { name?: unknown }).name;
  return (
    typeof name === 'string' &&
    [
      'MongoServerSelectionError',
      'MongoNetworkError',
      'MongoNetworkTimeoutError',
      'MongoNotConnectedError',
      'MongoTopologyClosedError',
      'MongoPoolClearedError',
    ].includes(name)
  );
}

/**
 * Diagnostics for benchmarks (MONGO_COMMAND_STATS=1): which store commands a process sends,
 * how many and how long they take, per command and collection, on stderr every 10 s.
 */
function reportCommandStats(client: MongoClient): void {
  const started = new Map<number, { key: string; at: number }>();
  const stats = new Map<string, { count: number; ms: number }>();
  client.on('commandStarted', (e) => {
    const collection = (e.command as Record<string, unknown>)[e.commandName];
    started.set(e.requestId, {
      key: `${e.commandName} ${typeof collection === 'string' ? collection : ''}`,
      at: performance.now(),
    });
  });
  const done = (e: { requestId: number }) => {
    const s = started.get(e.requestId);
    if (!s) return;
    started.delete(e.requestId);
    const entry = stats.get(s.key) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += performance.now() - s.at;
    stats.set(s.key, entry);
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  setInterval(() => {
    const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
    console.error(
      JSON.stringify({
        mongoCommandStats: process.argv[1]?.split('/').slice(-2).join('/'),
        top: rows
          .slice(0, 15)
          .map(([k, v]) => `${k}: ${v.count}× ${(v.ms / v.count).toFixed(1)} ms`),
      }),
    );
  }, 10_000).unref();
}
