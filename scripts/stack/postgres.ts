import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { databaseUrl, PG_DATABASE, PG_USER, type StackProfile } from './profiles.js';

export { databaseUrl, PG_DATABASE, PG_USER };
import { readVersions } from './versions.js';

/**
 * The stack's private PostgreSQL cluster (Debian's postgresql-<major> binaries): its own data
 * directory under the profile's data dir, its own port, 127.0.0.1 only, password
 * authentication. One database holds the engine's tables, the event outbox and the read model.
 *
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` system user
 * (created by the Debian package); as any other user it runs as that user.
 */
const versions = readVersions();

export function pgBinDir(): string {
  return `/usr/lib/postgresql/${versions.POSTGRES_MAJOR}/bin`;
}

/** Whether another user (postgres) can reach `dir`: every existing ancestor searchable by others. */
function searchableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

/**
 * The cluster's data directory: `<dataDir>/postgres`, unless the server runs as `postgres`
 * and cannot reach the checkout (a checkout under a private home directory): then a
 * directory of its own under /var/tmp, named after the data dir, wiped with it.
 */
export function pgDataDir(p: StackProfile): string {
  if (!pgRunAs() || searchableByOthers(p.dataDir)) return path.join(p.dataDir, 'postgres');
  const id = createHash('sha256').update(path.resolve(p.dataDir)).digest('hex').slice(0, 16);
  return path.join('/var/tmp', 'wsa-postgres', id);
}

/** Deletes a stack's data: the data dir, and the cluster's wherever it lives. */
export function wipeStackData(p: StackProfile): void {
  rmSync(pgDataDir(p), { recursive: true, force: true });
  rmSync(p.dataDir, { recursive: true, force: true });
}

/** The uid/gid the server runs as: `postgres` when we are root, else ourselves. */
export function pgRunAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * Creates the cluster on first start (initdb with the password of the profile's `wsa` role,
 * scram-sha-256 on TCP, nothing else listening). Idempotent: an existing cluster is kept.
 */
export function initCluster(p: StackProfile): void {
  const dir = pgDataDir(p);
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  const runAs = pgRunAs();
  mkdirSync(dir, { recursive: true });
  // Beside the data directory: wherever that is, the server's user can read it there.
  const pwfile = `${dir}.pwfile`;
  writeFileSync(pwfile, p.postgres.password + '\n', { mode: 0o600 });
  if (runAs) {
    chownSync(dir, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  chmodSync(dir, 0o700);
  execFileSync(
    path.join(pgBinDir(), 'initdb'),
    [
      '-D',
      dir,
      '-U',
      PG_USER,
      '--pwfile',
      pwfile,
      '--auth-host=scram-sha-256',
      '--auth-local=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], ...(runAs ?? {}) },
  );
  rmSync(pwfile, { force: true });
}

/** The server's command line settings (no postgresql.conf edits: everything is visible here). */
export function serverArgs(p: StackProfile): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(p.postgres.port),
    // TCP on loopback only; no Unix socket (its directory would have to belong to postgres).
    unix_socket_directories: '',
    max_connections: '300',
    shared_buffers: '256MB',
    // A transaction left open anywhere delays the outbox feed (its reader waits for every
    // older transaction): nobody may hold one idle for long.
    idle_in_transaction_session_timeout: '60s',
    // fsync protects against a machine crash, not a killed process (written WAL is in the OS
    // cache): the throw-away test cluster skips it, dev and deployment keep it.
    fsync: p.postgres.fsync ? 'on' : 'off',
    log_min_messages: 'warning',
    log_min_error_statement: 'panic',
  };
  return ['-D', pgDataDir(p), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}

/** Ready when the database answers a query (the role and database exist from initdb). */
export async function postgresReady(p: StackProfile): Promise<boolean> {
  const client = new pg.Client({
    connectionString: databaseUrl(p).replace(/\/[^/]*$/, '/postgres'),
    connectionTimeoutMillis: 1000,
  });
  try {
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [
      PG_DATABASE,
    ]);
    if (exists.rowCount === 0) await client.query(`create database ${PG_DATABASE}`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
