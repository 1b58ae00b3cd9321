import { rmSync } from 'node:fs';
import path from 'node:path';
import { components, infraPid, startComponent, stopInfra } from '../../scripts/stack/infra.js';
import { componentEnv, getProfile, type StackProfile } from '../../scripts/stack/profiles.js';
import {
  clusterAddress,
  clusterPids,
  startCluster,
  stopCluster,
  type ClusterOptions,
} from '../../scripts/stack/cluster.js';
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
  postgres: { ...test.postgres, port: test.postgres.port + PORT_OFFSET },
  gatewayPort: test.gatewayPort + PORT_OFFSET,
  simulatorsPort: test.simulatorsPort + PORT_OFFSET,
};
/**
 * `BENCH_BROKERS=3`: a 3-broker cluster (3 partitions, replication factor 3,
 * scripts/stack/cluster.ts) instead of the single broker; store and Redis as above.
 */
export const BENCH_BROKERS = Number(process.env.BENCH_BROKERS ?? 1);
const cluster: ClusterOptions | null =
  BENCH_BROKERS === 1
    ? null
    : BENCH_BROKERS === 3
      ? { store: benchProfile, basePort: 46600, dataDir: benchProfile.dataDir }
      : (() => {
          throw new Error('BENCH_BROKERS is 1 (one broker) or 3 (the cluster)');
        })();

/** What our processes get: the stack's addresses, the bench's token secret, quiet logs. */
export const benchEnv: Record<string, string> = {
  ...componentEnv(benchProfile),
  ...(cluster ? { ZEEBE_ADDRESS: clusterAddress(cluster) } : {}),
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
  if (cluster) return startCluster(cluster, (m) => console.error(m));
  for (const c of components(benchProfile)) await startComponent(benchProfile, c, () => undefined);
}

export async function stopBenchInfra(): Promise<void> {
  if (cluster) await stopCluster(cluster);
  else await stopInfra(benchProfile, () => undefined);
  rmSync(benchProfile.dataDir, { recursive: true, force: true });
}

/** Broker(s), store and Redis by name and pid (for CPU and memory figures). */
export function benchInfraPids(): [string, number][] {
  if (cluster) return clusterPids(cluster);
  return (['zeebe', 'postgres', 'redis'] as const).flatMap((n) => {
    const pid = infraPid(benchProfile, n);
    return pid ? [[n, pid] as [string, number]] : [];
  });
}

/** How a figure's command line starts (the cluster needs its variable). */
export const benchCommandPrefix = cluster ? `BENCH_BROKERS=${BENCH_BROKERS} ` : '';
