/**
 * A cluster of 3 engine nodes on one PostgreSQL (issue 15, scale-out): every node is a full
 * engine host (REST API, job executor) on the same database, as Operaton clusters run — the
 * database is the only shared state; job acquisition and external-task locking are row locks
 * there. Nodes listen on the profile's engine port + n; data in the given data dir.
 *
 *   node --import tsx scripts/stack/cluster.ts up     start (idempotent) PostgreSQL and 3 nodes
 *   node --import tsx scripts/stack/cluster.ts down   stop everything, wipe the data
 *
 * Benchmarks start their own cluster with `BENCH_ENGINES=3` (bench/support/bench-stack.ts).
 */
import path from 'node:path';
import { components, engineComponent, infraPid, startComponent, stopComponent } from './infra.js';
import { getProfile, type StackProfile } from './profiles.js';
import { wipeStackData } from './postgres.js';
import { ROOT_DIR } from './versions.js';

export const CLUSTER_ENGINES = 3;

export interface ClusterOptions {
  /** PostgreSQL, the engine's base port and accounts; node n listens on port + n. */
  profile: StackProfile;
  nodes: number;
}

const defaults: ClusterOptions = {
  profile: { ...getProfile('test'), dataDir: path.join(ROOT_DIR, '.local', 'data', 'cluster') },
  nodes: CLUSTER_ENGINES,
};

/** The REST base URL of every node (clients spread over them). */
export function clusterUrls(o: ClusterOptions = defaults): string[] {
  return Array.from({ length: o.nodes }, (_, n) => `http://127.0.0.1:${o.profile.engine.port + n}`);
}

/** Starts PostgreSQL, then the engine nodes one after another (the first creates the schema). */
export async function startCluster(
  o: ClusterOptions = defaults,
  log: (m: string) => void = () => undefined,
): Promise<void> {
  const [postgres] = components(o.profile);
  await startComponent(o.profile, postgres!, log);
  for (let n = 0; n < o.nodes; n++)
    await startComponent(o.profile, engineComponent(o.profile, n), log);
  log(`cluster up: ${o.nodes} engine nodes on ${clusterUrls(o).join(', ')}`);
}

/** The cluster's processes by name (for CPU and memory figures). */
export function clusterPids(o: ClusterOptions = defaults): [string, number][] {
  const pids: [string, number | undefined][] = [
    ...Array.from({ length: o.nodes }, (_, n): [string, number | undefined] => [
      `engine ${n}`,
      infraPid(o.profile, 'engine', n),
    ]),
    ['postgres', infraPid(o.profile, 'postgres')],
  ];
  return pids.flatMap(([name, pid]) => (pid ? [[name, pid] as [string, number]] : []));
}

/** Stops the nodes, then PostgreSQL; wipes the data. */
export async function stopCluster(
  o: ClusterOptions = defaults,
  log: (m: string) => void = () => undefined,
): Promise<void> {
  for (let n = o.nodes - 1; n >= 0; n--) await stopComponent(o.profile, 'engine', log, n);
  await stopComponent(o.profile, 'postgres', log);
  wipeStackData(o.profile);
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
