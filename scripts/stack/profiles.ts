import path from 'node:path';
import { databaseUrl } from './postgres.js';
import { ROOT_DIR } from './versions.js';

/**
 * Ports and data directories of one local stack. `dev` keeps its data between runs;
 * `test` uses its own ports and a throw-away data directory, so tests never touch dev data
 * and can run while the dev stack is up.
 */
export interface StackProfile {
  name: 'dev' | 'test';
  dataDir: string;
  zeebe: {
    grpcPort: number;
    restPort: number;
    managementPort: number;
    commandPort: number;
    internalPort: number;
    clockControlled: boolean;
  };
  redisPort: number;
  /** The stack's PostgreSQL cluster (engine, outbox, read model). */
  postgres: { port: number; password: string; fsync: boolean };
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
    zeebe: Object.fromEntries(
      Object.entries(p.zeebe).map(([k, v]) => [k, typeof v === 'number' ? v + offset : v]),
    ) as StackProfile['zeebe'],
    redisPort: p.redisPort + offset,
    postgres: { ...p.postgres, port: p.postgres.port + offset },
    gatewayPort: p.gatewayPort + offset,
    simulatorsPort: p.simulatorsPort + offset,
  };
}

export const profiles: Record<'dev' | 'test', StackProfile> = {
  dev: {
    name: 'dev',
    dataDir: process.env.WSA_DATA_DIR ?? path.join(LOCAL_DIR, 'data', 'dev'),
    zeebe: {
      grpcPort: 26500,
      restPort: 8080,
      managementPort: 9600,
      commandPort: 26501,
      internalPort: 26502,
      clockControlled: false,
    },
    redisPort: 6380,
    postgres: { port: 5433, password: 'wsa-local-development', fsync: true },
    gatewayPort: 3000,
    simulatorsPort: 4010,
  },
  test: shiftPorts(
    {
      name: 'test',
      dataDir: process.env.WSA_DATA_DIR ?? path.join(LOCAL_DIR, 'data', 'test'),
      zeebe: {
        grpcPort: 36500,
        restPort: 38080,
        managementPort: 39600,
        commandPort: 36501,
        internalPort: 36502,
        clockControlled: true,
      },
      redisPort: 36380,
      postgres: { port: 35433, password: 'wsa-test', fsync: false },
      gatewayPort: 33000,
      simulatorsPort: 34010,
    },
    Number(process.env.WSA_PORT_OFFSET ?? 0),
  ),
};

export function getProfile(name: string): StackProfile {
  if (name !== 'dev' && name !== 'test')
    throw new Error(`unknown stack profile "${name}" (dev or test)`);
  return profiles[name];
}

/** The environment our own components (gateway, workers, projector, simulators) read. */
export function componentEnv(p: StackProfile): Record<string, string> {
  return {
    ZEEBE_ADDRESS: `127.0.0.1:${p.zeebe.grpcPort}`,
    ZEEBE_REST_URL: `http://127.0.0.1:${p.zeebe.restPort}`,
    ZEEBE_MANAGEMENT_URL: `http://127.0.0.1:${p.zeebe.managementPort}`,
    DATABASE_URL: databaseUrl(p),
    REDIS_URL: `redis://127.0.0.1:${p.redisPort}`,
    GATEWAY_PORT: String(p.gatewayPort),
    GATEWAY_URL: `http://127.0.0.1:${p.gatewayPort}`,
    SIMULATORS_PORT: String(p.simulatorsPort),
    PARTNER_BA_URL: `http://127.0.0.1:${p.simulatorsPort}/ba`,
    PARTNER_RECOGNITION_URL: `http://127.0.0.1:${p.simulatorsPort}/recognition`,
    PARTNER_MISSION_URL: `http://127.0.0.1:${p.simulatorsPort}/mission`,
    PARTNER_BVA_URL: `http://127.0.0.1:${p.simulatorsPort}/bva`,
    PARTNER_AZR_URL: `http://127.0.0.1:${p.simulatorsPort}/azr`,
    PARTNER_EAT_URL: `http://127.0.0.1:${p.simulatorsPort}/eat`,
  };
}
