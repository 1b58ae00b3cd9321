import { rmSync } from 'node:fs';
import path from 'node:path';
import { components, startComponent, stopInfra } from '../../scripts/stack/infra.js';
import { componentEnv, getProfile, type StackProfile } from '../../scripts/stack/profiles.js';
import { ROOT_DIR } from '../../scripts/stack/versions.js';

/**
 * The infrastructure a whole-stack benchmark starts for itself: the test profile's ports
 * moved up by 100 (so a benchmark and a test run never meet) and its own data directory,
 * wiped before and after. (Running both at once still shares the two cores: figures taken
 * that way are not figures.)
 */
export const BENCH_SECRET = 'bench-secret';
const test = getProfile('test');
const PORT_OFFSET = 100;
export const benchProfile: StackProfile = {
  ...test,
  dataDir: path.join(ROOT_DIR, '.local', 'data', 'bench'),
  zeebe: Object.fromEntries(
    Object.entries(test.zeebe).map(([k, v]) => [k, typeof v === 'number' ? v + PORT_OFFSET : v]),
  ) as StackProfile['zeebe'],
  redisPort: test.redisPort + PORT_OFFSET,
  mongoPort: test.mongoPort + PORT_OFFSET,
  gatewayPort: test.gatewayPort + PORT_OFFSET,
  simulatorsPort: test.simulatorsPort + PORT_OFFSET,
};
/** What our processes get: the stack's addresses, the bench's token secret, quiet logs. */
export const benchEnv: Record<string, string> = {
  ...componentEnv(benchProfile),
  AUTH_JWT_SECRET: BENCH_SECRET,
  LOG_LEVEL: 'error',
  RATE_LIMIT_PER_MINUTE: '100000000',
};

/** Starts broker, store and Redis fresh; a crash of the benchmark stops them again. */
export async function startBenchInfra(): Promise<void> {
  process.once('uncaughtException', (err) => {
    console.error(err);
    void stopBenchInfra().finally(() => process.exit(1));
  });
  rmSync(benchProfile.dataDir, { recursive: true, force: true });
  for (const c of components(benchProfile)) await startComponent(benchProfile, c, () => undefined);
}

export async function stopBenchInfra(): Promise<void> {
  await stopInfra(benchProfile, () => undefined);
  rmSync(benchProfile.dataDir, { recursive: true, force: true });
}
