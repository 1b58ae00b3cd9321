/**
 * A 3-broker Zeebe cluster on this machine (issue 8, scale-out path): 3 partitions,
 * replication factor 3, every broker with an embedded gateway and the Redis exporter, plus
 * PostgreSQL and Redis — the test profile's ports for those two, brokers on 46500+ (node 0's
 * gateway: 127.0.0.1:46500). Data in .local/data/cluster/.
 *
 *   node --import tsx scripts/stack/cluster.ts up     start (idempotent), wait for a healthy topology
 *   node --import tsx scripts/stack/cluster.ts down   stop everything, wipe the data
 *
 * Benchmarks start their own cluster with `BENCH_BROKERS=3` (bench/support/bench-stack.ts),
 * e.g. `BENCH_BROKERS=3 node --import tsx bench/wsa-chain.ts 150 60 2 2`.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createZeebeClient } from '../../common/zeebe.js';
import { components, startComponent, stopPid, type Component } from './infra.js';
import { getProfile, type StackProfile } from './profiles.js';
import { ROOT_DIR } from './versions.js';

export const CLUSTER_BROKERS = 3;
const PARTITIONS = 3;

export interface ClusterOptions {
  /** PostgreSQL, Redis and their ports; the brokers export to this Redis. */
  store: StackProfile;
  /** Broker n listens on basePort + 10 n (gRPC gateway), + 1 … + 4 for its other ports. */
  basePort: number;
  dataDir: string;
}

const defaults: ClusterOptions = {
  store: getProfile('test'),
  basePort: 46500,
  dataDir: path.join(ROOT_DIR, '.local', 'data', 'cluster'),
};

/** The address clients use: node 0's embedded gateway (any broker's would do). */
export function clusterAddress(o: ClusterOptions = defaults): string {
  return `127.0.0.1:${o.basePort}`;
}

function brokerProfile(o: ClusterOptions, node: number): StackProfile {
  const port = o.basePort + node * 10;
  return {
    ...o.store,
    dataDir: path.join(o.dataDir, `broker-${node}`),
    zeebe: {
      grpcPort: port,
      restPort: port + 1,
      managementPort: port + 2,
      commandPort: port + 3,
      internalPort: port + 4,
      clockControlled: false,
    },
  };
}

function brokerComponent(o: ClusterOptions, node: number): Component {
  const p = brokerProfile(o, node);
  const zeebe = components(p).find((c) => c.name === 'zeebe')!;
  const contactPoints = Array.from(
    { length: CLUSTER_BROKERS },
    (_, n) => `127.0.0.1:${brokerProfile(o, n).zeebe.internalPort}`,
  ).join(',');
  return {
    ...zeebe,
    env: {
      ...zeebe.env,
      JAVA_OPTS: '-Xms128m -Xmx512m -XX:+UseParallelGC',
      ZEEBE_BROKER_CLUSTER_NODEID: String(node),
      ZEEBE_BROKER_CLUSTER_CLUSTERSIZE: String(CLUSTER_BROKERS),
      ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT: String(PARTITIONS),
      ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR: '3',
      ZEEBE_BROKER_CLUSTER_INITIALCONTACTPOINTS: contactPoints,
      ZEEBE_BROKER_CLUSTER_CLUSTERNAME: 'wsa-cluster',
    },
    // A broker is ready when it has joined; the whole cluster is checked below.
    ready: async () => {
      try {
        return (await fetch(`http://127.0.0.1:${p.zeebe.managementPort}/actuator/health/startup`))
          .ok;
      } catch {
        return false;
      }
    },
    timeoutMs: 240_000,
  };
}

/** Starts PostgreSQL, Redis and the brokers, and waits until every partition has its leader. */
export async function startCluster(
  o: ClusterOptions = defaults,
  log: (m: string) => void = () => undefined,
): Promise<void> {
  const storeProfile = { ...o.store, dataDir: o.dataDir };
  const [postgres, redis] = components(storeProfile);
  await Promise.all([
    startComponent(storeProfile, postgres!, log),
    startComponent(storeProfile, redis!, log),
  ]);
  await Promise.all(
    Array.from({ length: CLUSTER_BROKERS }, (_, n) =>
      startComponent(brokerProfile(o, n), brokerComponent(o, n), log),
    ),
  );
  const zeebe = createZeebeClient(clusterAddress(o));
  const deadline = Date.now() + 240_000;
  try {
    for (;;) {
      const t = await zeebe.topology().catch(() => null);
      const leaders =
        t?.brokers.flatMap((b) =>
          b.partitions.filter((p) => String(p.role) === 'LEADER' || String(p.role) === '0'),
        ) ?? [];
      const replicas = t?.brokers.reduce((n, b) => n + b.partitions.length, 0) ?? 0;
      if (
        t &&
        t.brokers.length === CLUSTER_BROKERS &&
        leaders.length === PARTITIONS &&
        replicas === PARTITIONS * 3
      ) {
        log(
          `cluster up: ${t.brokers.length} brokers, ${t.partitionsCount} partitions, replication ${t.replicationFactor}; gateway ${clusterAddress(o)}`,
        );
        for (const b of t.brokers)
          log(
            `  node ${b.nodeId}: ${b.partitions.map((p) => `p${p.partitionId}:${String(p.role) === '0' ? 'LEADER' : String(p.role)}`).join(' ')}`,
          );
        return;
      }
      if (Date.now() > deadline) throw new Error('the cluster did not become healthy in 4 minutes');
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    await zeebe.close();
  }
}

/** The cluster's processes by name (for CPU and memory figures). */
export function clusterPids(o: ClusterOptions = defaults): [string, number][] {
  const files: [string, string][] = [
    ...Array.from(
      { length: CLUSTER_BROKERS },
      (_, n) =>
        [`zeebe ${n}`, path.join(brokerProfile(o, n).dataDir, 'run', 'zeebe.pid')] as [
          string,
          string,
        ],
    ),
    ['postgres', path.join(o.dataDir, 'run', 'postgres.pid')],
    ['redis', path.join(o.dataDir, 'run', 'redis.pid')],
  ];
  return files.flatMap(([name, f]) =>
    existsSync(f) ? [[name, Number(readFileSync(f, 'utf8'))] as [string, number]] : [],
  );
}

/** Stops brokers first (their exporters flush to Redis), then PostgreSQL and Redis; wipes the data. */
export async function stopCluster(
  o: ClusterOptions = defaults,
  log: (m: string) => void = () => undefined,
): Promise<void> {
  // Brokers first (listed first), so their exporters can flush to Redis.
  // PostgreSQL's fast shutdown is SIGINT (SIGTERM waits for every client).
  for (const [name, pid] of clusterPids(o))
    await stopPid(pid, 20_000, name === 'postgres' ? 'SIGINT' : 'SIGTERM');
  rmSync(o.dataDir, { recursive: true, force: true });
  log('cluster stopped, data removed');
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === path.join(ROOT_DIR, 'scripts', 'stack', 'cluster.ts')
) {
  const log = (m: string) => console.error(m);
  const command = process.argv[2];
  if (command === 'up') {
    await startCluster(defaults, log);
    process.exit(0);
  } else if (command === 'down') {
    await stopCluster(defaults, log);
  } else {
    console.error('usage: cluster.ts up|down');
    process.exit(2);
  }
}
