/**
 * An engine host's movable clock: its test-only endpoint (`/engine-test/clock`, mounted only
 * with ENGINE_TEST_CLOCK=true). Moving it makes due timers fire within about a second; every
 * "now" in the models reads it. The test stack's and a sandbox's engine host have one; a
 * production engine host never does (docs/sandbox.md).
 */
export class EngineClock {
  private readonly authorization: string;

  constructor(
    private readonly engineUrl: string,
    account: { user: string; password: string },
  ) {
    this.authorization = `Basic ${Buffer.from(`${account.user}:${account.password}`).toString('base64')}`;
  }

  /** The engine's now, in epoch milliseconds, and how far its clock was moved in total. */
  async state(): Promise<{ epochMilli: number; offsetMilli: number }> {
    const res = await fetch(`${this.engineUrl}/engine-test/clock`, {
      headers: { authorization: this.authorization },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`reading the engine clock failed: ${res.status}`);
    return (await res.json()) as { epochMilli: number; offsetMilli: number };
  }

  /** The engine's now, in epoch milliseconds. */
  async now(): Promise<number> {
    return (await this.state()).epochMilli;
  }

  /** Moves the engine's clock ahead by `ms`. */
  async advance(ms: number): Promise<{ epochMilli: number; offsetMilli: number }> {
    const res = await fetch(`${this.engineUrl}/engine-test/clock/add`, {
      method: 'POST',
      headers: { authorization: this.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ offsetMilli: ms }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`moving the engine clock failed: ${res.status}`);
    return (await res.json()) as { epochMilli: number; offsetMilli: number };
  }
}
