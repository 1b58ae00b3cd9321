import path from 'node:path';
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
  mongoPort: number;
  gatewayPort: number;
  simulatorsPort: number;
}

const LOCAL_DIR = process.env.WSA_LOCAL_DIR ?? path.join(ROOT_DIR, '.local');

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
    mongoPort: 27017,
    gatewayPort: 3000,
    simulatorsPort: 4010,
  },
  test: {
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
    mongoPort: 37017,
    gatewayPort: 33000,
    simulatorsPort: 34010,
  },
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
    MONGO_URL: `mongodb://127.0.0.1:${p.mongoPort}/`,
    MONGO_DB: 'wsa',
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
