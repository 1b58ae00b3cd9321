import path from 'node:path';
import { ROOT_DIR } from './versions.js';
import { PARTNERS, partnerUrlVariable } from '../../common/partners.js';

/**
 * Ports and data directories of one local stack. `dev` keeps its data between runs;
 * `test` uses its own ports and a throw-away data directory, so tests never touch dev data
 * and can run while the dev stack is up. `sandbox` is an organisation's sandbox
 * (docs/sandbox.md): a stack of its own (database, engine host with the movable test clock,
 * gateway, simulators) that shares nothing with real cases, on its own ports.
 */
export type ProfileName = 'dev' | 'test' | 'sandbox';

export interface StackProfile {
  name: ProfileName;
  dataDir: string;
  /** The stack's PostgreSQL cluster (engine, outbox, read model). */
  postgres: { port: number; password: string; fsync: boolean };
  engine: {
    /** HTTP port of the engine host (REST API under /engine-rest, cockpit under /operaton). */
    port: number;
    /** Mount the test-only clock endpoint (/engine-test/clock): the test profile only. */
    testClock: boolean;
    /** Service accounts of the REST API: the gateway's and the workers'. */
    gateway: { user: string; password: string };
    workers: { user: string; password: string };
    /** The operators' cockpit (Operaton webapps) account; without one the webapps are off. */
    admin?: { user: string; password: string };
  };
  gatewayPort: number;
  simulatorsPort: number;
}

const LOCAL_DIR = process.env.WSA_LOCAL_DIR ?? path.join(ROOT_DIR, '.local');

/**
 * `WSA_PORT_OFFSET=n` moves every port of the test profile up by n, so two test stacks (two
 * checkouts, or a benchmark beside a test run) can run at once on one machine.
 */
function shiftPorts(p: StackProfile, offset: number): StackProfile {
  if (!Number.isInteger(offset) || offset < 0 || offset > 20_000)
    throw new Error(`WSA_PORT_OFFSET must be an integer from 0 to 20000, got ${offset}`);
  return {
    ...p,
    postgres: { ...p.postgres, port: p.postgres.port + offset },
    engine: { ...p.engine, port: p.engine.port + offset },
    gatewayPort: p.gatewayPort + offset,
    simulatorsPort: p.simulatorsPort + offset,
  };
}

/**
 * Every fixed port lies below 32768: Linux hands out 32768–60999 as the local ports of
 * outgoing connections (a database client's, say), and a server that finds its port taken
 * that way fails to start (seen with a metrics port of the benchmarks).
 */
export const profiles: Record<ProfileName, StackProfile> = {
  dev: {
    name: 'dev',
    dataDir: process.env.WSA_DATA_DIR ?? path.join(LOCAL_DIR, 'data', 'dev'),
    postgres: { port: 5433, password: 'wsa-local-development', fsync: true },
    engine: {
      port: 8090,
      testClock: false,
      gateway: { user: 'gateway', password: 'wsa-gateway-local-development' },
      workers: { user: 'workers', password: 'wsa-workers-local-development' },
      admin: { user: 'admin', password: 'wsa-admin-local-development' },
    },
    gatewayPort: 3000,
    simulatorsPort: 4010,
  },
  test: shiftPorts(
    {
      name: 'test',
      dataDir: process.env.WSA_DATA_DIR ?? path.join(LOCAL_DIR, 'data', 'test'),
      postgres: { port: 25433, password: 'wsa-test', fsync: false },
      engine: {
        port: 28090,
        testClock: true,
        gateway: { user: 'gateway', password: 'wsa-gateway-test' },
        workers: { user: 'workers', password: 'wsa-workers-test' },
      },
      gatewayPort: 23000,
      simulatorsPort: 24010,
    },
    Number(process.env.WSA_PORT_OFFSET ?? 0),
  ),
  // One organisation's sandbox; a second sandbox on this machine: WSA_PORT_OFFSET (the
  // sandbox provisioner gives each its own: sandboxProfileAt).
  sandbox: sandboxProfileAt(Number(process.env.WSA_PORT_OFFSET ?? 0)),
};

/**
 * The sandbox profile with its ports shifted by `offset` and its data in `dataDir`: one
 * organisation's sandbox stack (docs/sandbox.md).
 */
export function sandboxProfileAt(
  offset: number,
  dataDir = process.env.WSA_DATA_DIR ?? path.join(LOCAL_DIR, 'data', 'sandbox'),
): StackProfile {
  return shiftPorts(
    {
      name: 'sandbox',
      dataDir,
      postgres: { port: 15433, password: 'wsa-sandbox', fsync: true },
      engine: {
        port: 18090,
        // The sandbox's own clock: moving it moves no real case (docs/sandbox.md).
        testClock: true,
        gateway: { user: 'gateway', password: 'wsa-gateway-sandbox' },
        workers: { user: 'workers', password: 'wsa-workers-sandbox' },
      },
      gatewayPort: 13000,
      simulatorsPort: 14010,
    },
    offset,
  );
}

export function getProfile(name: string): StackProfile {
  if (!(name in profiles))
    throw new Error(`unknown stack profile "${name}" (${Object.keys(profiles).join(', ')})`);
  return profiles[name as ProfileName];
}

/** The environment our own components (gateway, workers, projector, simulators) read. */
export function componentEnv(p: StackProfile): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl(p),
    ENGINE_URL: `http://127.0.0.1:${p.engine.port}`,
    // The gateway's account, and the workers' own (common/engine.ts loadEngineConfig).
    ENGINE_USER: p.engine.gateway.user,
    ENGINE_PASSWORD: p.engine.gateway.password,
    ENGINE_WORKERS_USER: p.engine.workers.user,
    ENGINE_WORKERS_PASSWORD: p.engine.workers.password,
    GATEWAY_PORT: String(p.gatewayPort),
    GATEWAY_URL: `http://127.0.0.1:${p.gatewayPort}`,
    SIMULATORS_PORT: String(p.simulatorsPort),
    // Local stacks: webhooks may go to receivers on this machine (deployment refuses them).
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    ...Object.fromEntries(
      PARTNERS.map((partner) => [
        partnerUrlVariable(partner),
        `http://127.0.0.1:${p.simulatorsPort}/${partner}`,
      ]),
    ),
  };
}

export const PG_USER = 'wsa';
export const PG_DATABASE = 'wsa';

/** The profile's PostgreSQL database, as a connection URL (the cluster: postgres.ts). */
export function databaseUrl(p: StackProfile): string {
  return `postgres://${PG_USER}:${encodeURIComponent(p.postgres.password)}@127.0.0.1:${p.postgres.port}/${PG_DATABASE}`;
}
