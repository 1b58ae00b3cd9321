import type { RequestHandler } from 'express';
import { isStoreUnavailable, type Pool } from '../common/db.js';
import { Problem } from './problem.js';

/**
 * Whether the database can be reached. Every answer leaves an audit entry in it: while it is
 * away the gateway answers 503 with Retry-After instead of handing out data it cannot record
 * the access to.
 *
 * A heartbeat (`select 1`, every second, on its own short timeout) marks it down when it
 * fails and up again when it answers; a failed audit write or query marks it down at once.
 */
export class StoreHealth {
  private down = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    try {
      await Promise.race([
        this.pool.query('select 1'),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('store heartbeat timed out')), 2000).unref(),
        ),
      ]);
      this.down = false;
    } catch {
      this.down = true;
    }
  }

  get available(): boolean {
    return !this.down;
  }

  /** An operation failed: if the store was unreachable, say so until it answers again. */
  report(err: unknown): void {
    if (isStoreUnavailable(err)) this.down = true;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Audit entries waiting to be written before the gateway takes no more work (memory bound). */
export const MAX_AUDIT_BACKLOG = 10_000;

/**
 * No answer without its audit entry: while the store is away, or while too many entries wait
 * to be written, callers are told to try again later (503 with Retry-After).
 */
export function refuseWhenUnrecorded(deps: {
  storeHealth?: { available: boolean };
  audit: { backlog: number };
}): RequestHandler {
  return (_req, _res, next) => {
    if (deps.storeHealth && !deps.storeHealth.available)
      next(Problem.unavailable('The case store is not reachable; try again.', 5));
    else if (deps.audit.backlog > MAX_AUDIT_BACKLOG)
      next(Problem.unavailable('The gateway is overloaded; try again.', 1));
    else next();
  };
}
