import type { Redis } from 'ioredis';

/**
 * One projector applies records at a time; others stand by. The lease is a Redis key
 * (`<prefix><group>`) holding the holder's id, with a time to live the holder renews.
 *
 * Why a single writer: the store writes a view by `_id` alone. A write guarded by the view's
 * revision (`_id` + `revision`) made the local store (FerretDB 1.24 on SQLite) read every view
 * of the collection before the one it wanted — it only looks up by `_id` when the filter is
 * `_id` and nothing else — so each write cost more as cases accumulated (bench/RESULTS.md,
 * "Issue 8, fourth session"). With one writer there is nothing to guard against.
 *
 * Safety margin: the holder stops applying `marginMs` before its lease could expire, so a
 * batch in flight when renewal fails ends before a standby can take over; a standby takes
 * over at the latest `ttlMs` after the holder's last renewal (a crash, a lost connection).
 */
export class ProjectorLease {
  private confirmedAt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    /** This process: unique per start, so a restarted holder never mistakes an old lease. */
    readonly holder: string,
    private readonly ttlMs = 15_000,
    private readonly marginMs = 5_000,
  ) {
    redis.defineCommand('wsaLeaseTake', { numberOfKeys: 1, lua: TAKE });
    redis.defineCommand('wsaLeaseRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('wsaLeaseRelease', { numberOfKeys: 1, lua: RELEASE });
  }

  /** Whether this process may apply records now. */
  held(): boolean {
    return Date.now() < this.confirmedAt + this.ttlMs - this.marginMs;
  }

  /** Takes the lease if it is free (or already ours) and keeps renewing it. */
  async acquire(): Promise<boolean> {
    const started = Date.now();
    const ok = (await (this.redis as unknown as LeaseCommands).wsaLeaseTake(
      this.key,
      this.holder,
      String(this.ttlMs),
    )) as number;
    if (ok !== 1) return false;
    this.confirmedAt = started;
    this.timer ??= setInterval(() => void this.renew(), Math.floor(this.ttlMs / 3));
    return true;
  }

  /**
   * Extends the lease only while it is still ours: a lease that was lost is taken again by the
   * projector's loop (acquire), which first claims what the holder in between left pending.
   */
  private async renew(): Promise<void> {
    const started = Date.now();
    try {
      const ok = await (this.redis as unknown as LeaseCommands).wsaLeaseRenew(
        this.key,
        this.holder,
        String(this.ttlMs),
      );
      if (ok === 1) this.confirmedAt = started;
      else this.stopRenewing(); // expired or taken by another: stop at once
    } catch {
      // Redis away: the lease lapses by itself unless a later renewal gets through.
    }
  }

  private stopRenewing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.confirmedAt = 0;
  }

  /** Gives the lease up (a graceful stop): a standby takes over without waiting. */
  async release(): Promise<void> {
    this.stopRenewing();
    await (this.redis as unknown as LeaseCommands)
      .wsaLeaseRelease(this.key, this.holder)
      .catch(() => undefined);
  }
}

interface LeaseCommands {
  wsaLeaseTake(key: string, holder: string, ttlMs: string): Promise<number>;
  wsaLeaseRenew(key: string, holder: string, ttlMs: string): Promise<number>;
  wsaLeaseRelease(key: string, holder: string): Promise<number>;
}

/** Ours or free: (re)set with the time to live. Another's: refused. */
const TAKE = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1`;

/** Ours: extended. Expired or another's: refused. */
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
