import { MongoClient, type Db } from 'mongodb';

export async function connectMongo(
  url: string,
  dbName: string,
  /** How often the driver checks the server (ms); the gateway checks every second. */
  heartbeatFrequencyMS = 10_000,
): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, heartbeatFrequencyMS });
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
