import type { EngineClock } from '../../gateway/data/engine-clock.js';

/** The engine's clock in the test stack (the class is the sandbox gateway's too). */
export { EngineClock } from '../../gateway/data/engine-clock.js';

/**
 * A visa validity that lasts a year from the engine's now: tests move the engine clock by
 * months, so a fixed date would lie in the engine's past and expire the visa at once.
 */
export async function visaValidity(
  clock: EngineClock,
): Promise<{ validFrom: string; validUntil: string }> {
  const now = await clock.now();
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { validFrom: day(now), validUntil: day(now + 365 * 24 * 60 * 60 * 1000) };
}
