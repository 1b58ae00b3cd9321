import type { RequestHandler } from 'express';
import type { MongoClient } from 'mongodb';
import { isStoreUnavailable } from '../common/mongo.js';
import { Problem } from './problem.js';

/**
 * Whether the case store can be reached, as the driver sees it. Most answers no longer read
 * the store (case records are remembered, instance views come from the view cache), but every
 * answer leaves an audit entry in it: while the store is away the gateway answers 503 with
 * Retry-After instead of handing out data it cannot record the access to.
 *
 * The driver marks the server unknown on a failed operation or heartbeat (every second here)
 * and known again on the next successful one; a failed audit write marks it down at once.
 */
export class StoreHealth {
  private down = false;

  constructor(client: MongoClient) {
    client.on('serverDescriptionChanged', (e) => {
      this.down = e.newDescription.type === 'Unknown';
    });
    client.on('serverHeartbeatFailed', () => (this.down = true));
    client.on('serverHeartbeatSucceeded', () => (this.down = false));
  }

  get available(): boolean {
    return !this.down;
  }

  /** An operation failed: if the store was unreachable, say so until it answers again. */
  report(err: unknown): void {
    if (isStoreUnavailable(err)) this.down = true;
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
