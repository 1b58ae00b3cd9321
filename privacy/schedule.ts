import type { Pool } from '../common/db.js';
import type { EngineClient } from '../common/engine.js';
import type { Logger } from '../common/logger.js';
import { runErasure } from './erasure.js';

/**
 * Runs the erasure job every `intervalMs` (env ERASURE_INTERVAL_MS, default hourly; 0: never)
 * in the workers process. Several worker processes may run it: one run at a time holds the
 * lock, the others skip. Stopping waits for a run under way (killing it is safe too).
 */
export function startErasureSchedule(
  deps: { pool: Pool; engine: EngineClient; log: Logger },
  intervalMs: number,
): { stop: () => Promise<void> } {
  if (intervalMs <= 0) return { stop: async () => undefined };
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runErasure(deps, new Date())
      .then((run) => {
        if (run.planned.length + run.erased.length + run.held.length > 0)
          deps.log.info('erasure run', {
            planned: run.planned.length,
            erased: run.erased.length,
            held: run.held.length,
          });
      })
      .catch((err: Error) => {
        deps.log.error('erasure run failed', { error: err.message });
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
