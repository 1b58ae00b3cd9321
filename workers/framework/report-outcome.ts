/**
 * Reporting a task's outcome (complete, BPMN error, failure) to the engine, tried again when
 * the refusal is passing.
 *
 * Why: a timer or message on the same process instance can commit between our fetch and our
 * complete. The engine then answers 500 with an OptimisticLockingException although nothing is
 * wrong with the outcome; asking again a moment later succeeds. Without this the outcome was
 * dropped and the task waited for its lock to expire (minutes) before a worker ran it again —
 * seen in CI as a visa case that booked its appointment only after the lock ran out.
 * A dropped connection is passing too. Everything else (task gone, lock lost to another
 * worker, a bad request) is final: asking again cannot help, and the lock's expiry hands the
 * task back if the engine still has it.
 */

/** Waits between the tries, in milliseconds: four tries in all, about 1.5 s at most. */
export const REPORT_RETRY_DELAYS_MS = [100, 400, 1_000] as const;

/** True when the engine's refusal may well be gone if the same outcome is sent again. */
export function isPassingReportError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  if (/OptimisticLockingException/.test(message)) return true;
  // No answer at all: the connection broke or the engine restarted under us.
  return /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up|UND_ERR_SOCKET/.test(message);
}

/**
 * Runs `report` until it succeeds, retrying passing refusals after each delay; the last error
 * (or a final one at once) is thrown. `onRetry` is told of each try that will be repeated.
 */
export async function reportWithRetry<T>(
  report: () => Promise<T>,
  onRetry: (err: unknown, attempt: number) => void = () => undefined,
  delaysMs: readonly number[] = REPORT_RETRY_DELAYS_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await report();
    } catch (err) {
      if (attempt >= delaysMs.length || !isPassingReportError(err)) throw err;
      onRetry(err, attempt + 1);
      await new Promise((r) => setTimeout(r, delaysMs[attempt]));
    }
  }
}
