import { EngineClock } from '../gateway/data/engine-clock.js';

/**
 * The simulators' "now": the dates they answer with (appointment slots, a visa's validity,
 * receipts, delivery dates) are computed from it. A simulator answering for a stack whose engine
 * host has the movable test clock (the test stack, a sandbox: docs/sandbox.md) follows that
 * engine's clock, so a sandbox moved a month ahead gets visas valid from its own today, not the
 * wall clock's. Elsewhere the wall clock.
 *
 * `now()` is synchronous (the routes compute dates inside their handlers); `sync()` reads the
 * engine's offset again when the last reading is older than `maxAgeMs` — every simulator request
 * and every auto-answer syncs first. An engine that does not answer leaves the last offset.
 */
export interface SimulatorClock {
  now(): Date;
  sync(): Promise<void>;
}

export const wallClock: SimulatorClock = {
  now: () => new Date(),
  sync: async () => undefined,
};

export function engineFollowingClock(
  engine: Pick<EngineClock, 'state'>,
  maxAgeMs = 250,
): SimulatorClock {
  let offsetMs = 0;
  let readAt = 0;
  let reading: Promise<void> | undefined;
  return {
    now: () => new Date(Date.now() + offsetMs),
    sync() {
      if (Date.now() - readAt < maxAgeMs) return Promise.resolve();
      reading ??= engine
        .state()
        .then((s) => {
          offsetMs = s.offsetMilli;
          readAt = Date.now();
        })
        .catch(() => undefined)
        .finally(() => (reading = undefined));
      return reading;
    },
  };
}

/** The engine host's clock when configured (SIMULATORS_CLOCK=engine), else the wall clock. */
export function simulatorClock(config: {
  clock: 'wall' | 'engine';
  engineUrl?: string;
  engineUser?: string;
  enginePassword?: string;
}): SimulatorClock {
  if (config.clock === 'wall' || !config.engineUrl) return wallClock;
  return engineFollowingClock(
    new EngineClock(config.engineUrl, {
      user: config.engineUser ?? '',
      password: config.enginePassword ?? '',
    }),
  );
}
