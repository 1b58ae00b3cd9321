import pg from 'pg';
import type { Queryable } from '../common/db.js';

/**
 * One projector applies records at a time; others stand by. The lease is a PostgreSQL
 * session advisory lock (`pg_try_advisory_lock`) held on a dedicated connection: the server
 * frees it when that connection ends — a graceful stop, a crash, a killed process, a broken
 * network — so a standby polling `acquire()` takes over without any time to live.
 *
 * Why a single writer: the projector reads a view, reduces outbox events into it and writes
 * it back with the feed's cursor; two writers would keep failing each other's revision guard
 * and fight over the cursor. Every batch's transaction also checks,
 * through `fence`, that this connection still holds the lock (`pg_locks`), so a holder that
 * lost its connection mid-batch writes nothing.
 */
export class ProjectorLease {
  private client: pg.Client | null = null;
  private locked = false;
  private timer: NodeJS.Timeout | undefined;
  /** The server process holding the lock (for the fence). */
  private backendPid = 0;

  constructor(
    private readonly databaseUrl: string,
    /** What is led: one lock per consumer group. */
    readonly key: string,
    /** This process (for the log). */
    readonly holder: string,
    /** How often the holder checks its connection (a dead one means the lease is gone). */
    private readonly checkMs = 1000,
  ) {}

  /** The server process of the lock's connection (0 while none). */
  get connectionPid(): number {
    return this.backendPid;
  }

  /** Whether this process may apply records now. */
  held(): boolean {
    return this.locked;
  }

  /** Takes the lease if it is free (or already ours). */
  async acquire(): Promise<boolean> {
    if (this.locked) return true;
    try {
      const client = (this.client ??= this.connect());
      if (!this.backendPid) {
        await client.connect();
        this.backendPid = (
          await client.query<{ pid: number }>('select pg_backend_pid() as pid')
        ).rows[0]!.pid;
      }
      const { rows } = await client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as ok',
        [this.key],
      );
      if (!rows[0]!.ok) return false;
      this.locked = true;
      this.timer ??= setInterval(() => void this.check(), this.checkMs);
      return true;
    } catch {
      this.dropConnection();
      return false;
    }
  }

  /**
   * Inside a batch's transaction (another connection): throws unless this lease's connection
   * still holds the lock, so nothing is written by a projector that lost it.
   */
  async fence(q: Queryable): Promise<void> {
    const { rows } = await q.query<{ held: boolean }>(
      `select exists (select 1 from pg_locks where locktype = 'advisory' and granted
         and pid = $1) as held`,
      [this.backendPid],
    );
    if (!this.locked || !rows[0]!.held) {
      this.dropConnection();
      throw new Error('projector lease lost');
    }
  }

  private connect(): pg.Client {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: 5000,
      application_name: `projector-lease ${this.holder}`,
    });
    // The connection broke (server restart, terminated): the server freed the lock.
    const lost = () => {
      if (this.client === client) this.dropConnection();
    };
    client.on('error', lost);
    client.on('end', lost);
    return client;
  }

  private async check(): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.query('select 1');
    } catch {
      this.dropConnection();
    }
  }

  private dropConnection(): void {
    this.locked = false;
    this.backendPid = 0;
    clearInterval(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = null;
    client?.end().catch(() => undefined);
  }

  /** Gives the lease up (a graceful stop): a standby takes over at its next poll. */
  async release(): Promise<void> {
    const client = this.client;
    if (client && this.locked)
      await client
        .query('select pg_advisory_unlock(hashtextextended($1, 0))', [this.key])
        .catch(() => undefined);
    this.dropConnection();
  }
}
