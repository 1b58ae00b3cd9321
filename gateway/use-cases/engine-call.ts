import type { Logger } from '../../common/logger.js';
import { Problem } from '../problem.js';

/**
 * A command to the engine on behalf of a caller: if the engine does not take it (away,
 * timing out, refusing for a reason the use case did not expect), the caller gets a 503 with
 * Retry-After and the log says what was not taken.
 */
export async function engineCall<T>(
  deps: { log: Logger },
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    deps.log.error(`engine did not take the ${what}`, { error: (err as Error).message });
    throw Problem.unavailable('The process engine is not reachable; try again.', 5);
  }
}
