import { createPool, type Pool } from '../../common/db.js';
import { migrateStore } from '../../store/migrate.js';
import { EngineClient } from '../../common/engine.js';
import { Engine } from '../../gateway/data/engine.js';
import { EngineClock } from './engine-clock.js';
import { authConfig, issueToken, type Principal } from '../../gateway/auth.js';
import { startServer, type RunningGateway } from '../../gateway/server.js';
import { startProjector } from '../../projector/main.js';
import { startSimulators } from '../../simulators/server.js';
import { engineFollowingClock } from '../../simulators/clock.js';
import { startWorkers } from '../../workers/main.js';
import { componentEnv, getProfile } from '../../scripts/stack/profiles.js';

/**
 * The test stack: the real engine host and PostgreSQL started by scripts/test.sh (profile
 * "test"), plus our own components started in this process so tests can stop and restart
 * them. Nothing is mocked.
 */
export const TEST_JWT_SECRET = 'wsa-test-secret';

export interface Harness {
  gatewayUrl: string;
  /** The running gateway's event settings (a test may change them, and puts them back). */
  gatewayEvents: RunningGateway['events'];
  simulatorsUrl: string;
  simulators: Awaited<ReturnType<typeof startSimulators>>['simulators'];
  /** The simulators' auto-answer settings (off unless a test switches them on). */
  autoAnswers: Awaited<ReturnType<typeof startSimulators>>['autoAnswers'];
  /** The engine's REST API with the gateway's account (for what a test does behind the API). */
  engine: Engine;
  /** The engine's clock (test-only endpoint of the engine host). */
  engineClock: EngineClock;
  /** The stack's database (read model and the gateway's records in schema read_model). */
  pool: Pool;
  projector: Awaited<ReturnType<typeof startProjector>>;
  restartProjector: () => Promise<void>;
  stopProjector: () => Promise<void>;
  /** The in-process workers, to stop and start them as a crashed worker process would be. */
  workers: { stop: () => Promise<void> };
  restartWorkers: () => Promise<void>;
  token: (p: Principal) => Promise<string>;
}

let harness: Promise<Harness> | undefined;
const cleanups: (() => Promise<void>)[] = [];

async function create(): Promise<Harness> {
  const profile = getProfile('test');
  const env = componentEnv(profile);
  for (const [k, v] of Object.entries(env)) process.env[k] ??= v;
  process.env.AUTH_JWT_SECRET = TEST_JWT_SECRET;
  process.env.DEV_SIGN_IN = 'true';
  // Every response is checked against the OpenAPI document: a broken one fails its test (500).
  process.env.OPENAPI_RESPONSE_VALIDATION = 'strict';
  // KPIs and predictions read all cases at most this often (60 s in deployment).
  process.env.HISTORY_MAX_AGE_MS = '1000';
  process.env.WORKER_BACKLOG_POLL_MS ??= '1000';
  // Tests poll statuses quickly as a few callers; the limit itself has its own test.
  process.env.RATE_LIMIT_PER_MINUTE ??= '1000000';
  process.env.LOG_LEVEL ??= 'warn';
  // Webhook tests start their own dispatcher (fast retries); the gateway's stays off.
  process.env.WEBHOOK_DISPATCHER ??= 'off';

  const engineAccount = { user: process.env.ENGINE_USER!, password: process.env.ENGINE_PASSWORD! };
  const engineClock = new EngineClock(process.env.ENGINE_URL!, engineAccount);
  // The simulators' dates follow the engine's movable clock, as in a sandbox.
  const sims = await startSimulators(0, '127.0.0.1', engineFollowingClock(engineClock));
  process.env.PARTNER_BA_URL = `${sims.url}/ba`;
  process.env.PARTNER_RECOGNITION_URL = `${sims.url}/recognition`;
  process.env.PARTNER_MISSION_URL = `${sims.url}/mission`;
  process.env.PARTNER_BVA_URL = `${sims.url}/bva`;
  process.env.PARTNER_AZR_URL = `${sims.url}/azr`;
  process.env.PARTNER_EAT_URL = `${sims.url}/eat`;
  cleanups.push(sims.stop);
  // Tests move the engine clock by months; auto-answered visas must outlast that.
  await fetch(`${sims.url}/mission/_sim/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ visaValidForDays: 36500 }),
  });

  const gateway: RunningGateway = await startServer(0);
  cleanups.push(gateway.stop);
  sims.linkGateway({
    url: gateway.url,
    tokenFor: (authority) =>
      issueToken(authConfig(TEST_JWT_SECRET), {
        subject: `${authority.toLowerCase()}-simulator`,
        role: 'partner',
        authority,
      }),
  });
  await migrateStore(process.env.DATABASE_URL!);
  const pool = createPool(process.env.DATABASE_URL!, { max: 4, applicationName: 'tests' });
  cleanups.push(() => pool.end());
  const engine = new Engine(
    new EngineClient(
      { restUrl: `${process.env.ENGINE_URL}/engine-rest`, ...engineAccount },
      60_000,
    ),
  );

  const h: Harness = {
    gatewayUrl: gateway.url,
    gatewayEvents: gateway.events,
    simulatorsUrl: sims.url,
    simulators: sims.simulators,
    autoAnswers: sims.autoAnswers,
    engine,
    engineClock,
    pool,
    projector: await startProjector(),
    stopProjector: async () => {
      await h.projector.stop();
    },
    restartProjector: async () => {
      h.projector = await startProjector();
    },
    token: (p) => issueToken(authConfig(TEST_JWT_SECRET), p),
    workers: await startWorkers(),
    restartWorkers: async () => {
      h.workers = await startWorkers();
    },
  };
  cleanups.push(() => h.projector.stop());
  cleanups.push(() => h.workers.stop());
  return h;
}

export function getHarness(): Promise<Harness> {
  harness ??= create();
  return harness;
}

export async function closeHarness(): Promise<void> {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
}

/** Polls until `check` returns a value (not undefined), or fails with the last seen state. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
