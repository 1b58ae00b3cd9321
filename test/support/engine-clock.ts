/**
 * The engine's clock in the test stack: the engine host's test-only endpoint
 * (`/engine-test/clock`, mounted only with ENGINE_TEST_CLOCK=true). Moving it makes due
 * timers fire within about a second; every "now" in the models reads it.
 */
export class EngineClock {
  private readonly authorization: string;

  constructor(
    private readonly engineUrl: string,
    account: { user: string; password: string },
  ) {
    this.authorization = `Basic ${Buffer.from(`${account.user}:${account.password}`).toString('base64')}`;
  }

  /** The engine's now, in epoch milliseconds. */
  async now(): Promise<number> {
    const res = await fetch(`${this.engineUrl}/engine-test/clock`, {
      headers: { authorization: this.authorization },
    });
    if (!res.ok) throw new Error(`reading the engine clock failed: ${res.status}`);
    return ((await res.json()) as { epochMilli: number }).epochMilli;
  }

  /** Moves the engine's clock ahead by `ms`. */
  async advance(ms: number): Promise<void> {
    const res = await fetch(`${this.engineUrl}/engine-test/clock/add`, {
      method: 'POST',
      headers: { authorization: this.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ offsetMilli: ms }),
    });
    if (!res.ok) throw new Error(`moving the engine clock failed: ${res.status}`);
  }
}

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
