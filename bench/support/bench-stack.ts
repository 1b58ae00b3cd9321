import { rmSync } from 'node:fs';
import path from 'node:path';
import { components, startComponent, stopInfra } from '../../scripts/stack/infra.js';
import { componentEnv, getProfile } from '../../scripts/stack/profiles.js';
import { ROOT_DIR } from '../../scripts/stack/versions.js';

/**
 * The infrastructure a whole-stack benchmark starts for itself: the test profile's ports
 * (so never while `npm test` runs) with its own data directory, wiped before and after.
 */
export const BENCH_SECRET = 'bench-secret';
export const benchProfile = {
  ...getProfile('test'),
  dataDir: path.join(ROOT_DIR, '.local', 'data', 'bench'),
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
