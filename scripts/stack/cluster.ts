/**
 * A 3-broker Zeebe cluster on this machine (issue 8's scale-out path): 3 partitions,
 * replication factor 3, every broker with an embedded gateway and the Redis exporter, plus
 * Redis and FerretDB — the test profile's ports for those two, brokers on 46500+ (node 0's
 * gateway: 127.0.0.1:46500). Data in .local/data/cluster/.
 *
 *   node --import tsx scripts/stack/cluster.ts up     start (idempotent), wait for a healthy topology
 *   node --import tsx scripts/stack/cluster.ts down   stop everything, wipe the data
 *
 * Run the chain against it: ZEEBE_ADDRESS=127.0.0.1:46500 node --import tsx bench/overhead.ts
 * (the bench deploys its own process; workers, gateway and projector follow ZEEBE_ADDRESS).
 * How this maps onto a real cluster: see bench/RESULTS.md, "Scale-out path".
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createZeebeClient } from '../../common/zeebe.js';
import { components, startComponent, stopPid, type Component } from './infra.js';
import { getProfile, type StackProfile } from './profiles.js';
import { ROOT_DIR } from './versions.js';

const BROKERS = 3;
const base = getProfile('test');
const dataDir = path.join(ROOT_DIR, '.local', 'data', 'cluster');

function brokerProfile(node: number): StackProfile {
  const port = 46500 + node * 10;
  return {
    ...base,
    dataDir: path.join(dataDir, `broker-${node}`),
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

function brokerComponent(node: number): Component {
  const p = brokerProfile(node);
  const zeebe = components(p).find((c) => c.name === 'zeebe')!;
  const contactPoints = Array.from(
    { length: BROKERS },
    (_, n) => `127.0.0.1:${brokerProfile(n).zeebe.internalPort}`,
  ).join(',');
  return {
    ...zeebe,
    env: {
      ...zeebe.env,
      JAVA_OPTS: '-Xms128m -Xmx512m -XX:+UseParallelGC',
      ZEEBE_BROKER_CLUSTER_NODEID: String(node),
      ZEEBE_BROKER_CLUSTER_CLUSTERSIZE: String(BROKERS),
      ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT: '3',
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

const log = (m: string) => console.error(m);
const command = process.argv[2];
if (command === 'up') {
  const storeProfile = { ...base, dataDir };
  const [redis, ferretdb] = components(storeProfile);
  await Promise.all([
    startComponent(storeProfile, redis!, log),
    startComponent(storeProfile, ferretdb!, log),
  ]);
  await Promise.all(
    Array.from({ length: BROKERS }, (_, n) =>
      startComponent(brokerProfile(n), brokerComponent(n), log),
    ),
  );
  const zeebe = createZeebeClient(`127.0.0.1:${brokerProfile(0).zeebe.grpcPort}`);
  const deadline = Date.now() + 240_000;
  for (;;) {
    const t = await zeebe.topology().catch(() => null);
    const leaders =
      t?.brokers.flatMap((b) =>
        b.partitions.filter((p) => String(p.role) === 'LEADER' || String(p.role) === '0'),
      ) ?? [];
    const replicas = t?.brokers.reduce((n, b) => n + b.partitions.length, 0) ?? 0;
    if (t && t.brokers.length === BROKERS && leaders.length === 3 && replicas === 9) {
      log(
        `cluster up: ${t.brokers.length} brokers, ${t.partitionsCount} partitions, replication ${t.replicationFactor}; gateway 127.0.0.1:${brokerProfile(0).zeebe.grpcPort}`,
      );
      for (const b of t.brokers)
        log(
          `  node ${b.nodeId}: ${b.partitions.map((p) => `p${p.partitionId}:${String(p.role) === '0' ? 'LEADER' : String(p.role)}`).join(' ')}`,
        );
      break;
    }
    if (Date.now() > deadline) throw new Error('the cluster did not become healthy in 4 minutes');
    await new Promise((r) => setTimeout(r, 2000));
  }
  await zeebe.close();
  process.exit(0);
} else if (command === 'down') {
  const { readFileSync, existsSync } = await import('node:fs');
  const pids = [
    ...Array.from({ length: BROKERS }, (_, n) =>
      path.join(brokerProfile(n).dataDir, 'run', 'zeebe.pid'),
    ),
    path.join(dataDir, 'run', 'redis.pid'),
    path.join(dataDir, 'run', 'ferretdb.pid'),
  ];
  for (const f of pids) if (existsSync(f)) await stopPid(Number(readFileSync(f, 'utf8')), 20_000);
  rmSync(dataDir, { recursive: true, force: true });
  log('cluster stopped, data removed');
} else {
  console.error('usage: cluster.ts up|down');
  process.exit(2);
}
