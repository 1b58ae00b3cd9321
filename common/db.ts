import pg from 'pg';

/**
 * The platform's PostgreSQL: the read model (schema `read_model`) and the gateway's own
 * records live in the same cluster as the engine's tables and the event outbox
 * (`../shared/architecture.md`). One pool per process; queries are parameterised, never
 * built from input.
 */
export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  /** Connections this process may hold (the gateway serves many requests at once). */
  max?: number;
  /** Name shown in pg_stat_activity, to tell the processes apart. */
  applicationName?: string;
}

export function createPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? process.argv[1]?.split('/').slice(-2).join('/'),
  });
  // An idle connection that breaks (the server restarted) is dropped from the pool; without a
  // listener the error would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` in one transaction on one connection; rolls back on any throw. */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // A connection that breaks while checked out emits 'error': without a listener that would
  // end the process; the query in flight fails on its own.
  const onError = () => undefined;
  client.on('error', onError);
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.off('error', onError);
    // A connection the rollback could not use is closed, not given back to the pool.
    client.release(broken);
  }
}

const codeOf = (err: unknown) =>
  typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;

/** A unique constraint said no: used for insert-once records and idempotent writes. */
export function isUniqueViolation(err: unknown): boolean {
  return codeOf(err) === '23505';
}

/**
 * The store cannot be reached (down, restarting, shutting down, network): callers answer 503
 * with Retry-After instead of 500 and retry later; nothing was written.
 */
export function isStoreUnavailable(err: unknown): boolean {
  const code = codeOf(err);
  if (typeof code === 'string') {
    // Connection refused/reset on our side, or the server's connection-exception class (08),
    // operator intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code))
      return true;
    if (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) return true;
  }
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}

/** Anything that runs a query: the pool, or one connection inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}
