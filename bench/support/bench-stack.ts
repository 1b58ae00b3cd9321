/**
 * The stack a benchmark starts for itself: PostgreSQL and one engine node — or, with
 * `BENCH_ENGINES=3`, three engine nodes on the same PostgreSQL (scripts/stack/cluster.ts) —
 * on the test profile's ports moved up by 100, with its own data directory
 * `.local/data/bench`, wiped before and after. A benchmark and a test run never share a port
 * or a file (they do share the two cores: figures taken beside a test run are not figures).
 *
 * Nothing waits silently: a missing install, a port in use or a previous bench run still up
 * is refused at once with what to do; every wait says what it waits for.
 *
 *   node --import tsx bench/support/bench-stack.ts down   stop what a crashed bench left, wipe
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { wipeStackData } from '../../scripts/stack/postgres.js';
import path from 'node:path';
import { EngineClient } from '../../common/engine.js';
import { Engine } from '../../gateway/data/engine.js';
import { deployAll } from '../../scripts/deploy.js';
import { startCluster } from '../../scripts/stack/cluster.js';
import {
  components,
  engineJar,
  portOpen,
  infraPid,
  isAlive,
  startComponent,
  stopInfra,
} from '../../scripts/stack/infra.js';
import { pgBinDir } from '../../scripts/stack/postgres.js';
import { componentEnv, getProfile, type StackProfile } from '../../scripts/stack/profiles.js';
import { ROOT_DIR } from '../../scripts/stack/versions.js';
import { Services, tail } from './services.js';

export const BENCH_SECRET = 'bench-secret';
/** Every port of the test profile, moved up by this much (`WSA_PORT_OFFSET`-style). */
export const BENCH_PORT_OFFSET = 100;

const LOCAL_DIR = process.env.WSA_LOCAL_DIR ?? path.join(ROOT_DIR, '.local');
const test = getProfile('test');
export const benchProfile: StackProfile = {
  ...test,
  name: 'test',
  dataDir: path.join(LOCAL_DIR, 'data', 'bench'),
  // fsync off as in the test profile unless BENCH_FSYNC=on (a deployment keeps it on).
  postgres: {
    ...test.postgres,
    port: test.postgres.port + BENCH_PORT_OFFSET,
    fsync: process.env.BENCH_FSYNC === 'on',
  },
  // The engine as deployed: no test clock, the job executor's deployment idle wait (5 s).
  engine: { ...test.engine, port: test.engine.port + BENCH_PORT_OFFSET, testClock: false },
  gatewayPort: test.gatewayPort + BENCH_PORT_OFFSET,
  simulatorsPort: test.simulatorsPort + BENCH_PORT_OFFSET,
};

/** Engine nodes on the one PostgreSQL: `BENCH_ENGINES` (1 by default, at most 3). */
export const BENCH_ENGINES = (() => {
  const n = Number(process.env.BENCH_ENGINES ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 3) {
    console.error(
      `refused: BENCH_ENGINES is 1, 2 or 3 (engine nodes), got ${process.env.BENCH_ENGINES}`,
    );
    process.exit(2);
  }
  return n;
})();

/** How a figure's command line starts (a cluster needs its variable). */
export const benchCommandPrefix = (engines: number) =>
  engines > 1 ? `BENCH_ENGINES=${engines} ` : '';

/** The ports of our own processes: gateway i, the workers' and projector's metrics. */
export const benchPorts = {
  gateway: (i: number) => benchProfile.gatewayPort + i,
  workersMetrics: (i: number) => benchProfile.gatewayPort + 464 + i,
  projectorMetrics: benchProfile.gatewayPort + 480,
  simulators: benchProfile.simulatorsPort,
};

/** The REST root of engine node `node` (node n listens on the engine port + n). */
export function engineUrl(node: number): string {
  return `http://127.0.0.1:${benchProfile.engine.port + node}`;
}

/** What every one of our processes gets: the stack's addresses, the bench's secret, quiet logs. */
export const benchEnv: Record<string, string> = {
  ...componentEnv(benchProfile),
  AUTH_JWT_SECRET: BENCH_SECRET,
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
  RATE_LIMIT_PER_MINUTE: '100000000',
  WORKER_BACKLOG_POLL_MS: '1000',
  // As deployed (docker-compose.yml): responses are checked against the document in tests and
  // local stacks, not in production, where the check costs CPU on every status read.
  OPENAPI_RESPONSE_VALIDATION: process.env.OPENAPI_RESPONSE_VALIDATION ?? 'off',
};

/** A gateway process on port `gatewayPort + i`, talking to engine node `node`. */
export function gatewayEnv(i: number, node = 0): Record<string, string> {
  return { ...benchEnv, GATEWAY_PORT: String(benchPorts.gateway(i)), ENGINE_URL: engineUrl(node) };
}

/**
 * A workers process on engine node `node`, metrics on its port. It calls the engine with the
 * workers' own account (`ENGINE_WORKERS_USER`, from componentEnv).
 */
export function workersEnv(i: number, node = 0): Record<string, string> {
  return {
    ...benchEnv,
    ENGINE_URL: engineUrl(node),
    WORKERS_METRICS_PORT: String(benchPorts.workersMetrics(i)),
  };
}

export function projectorEnv(): Record<string, string> {
  return { ...benchEnv, PROJECTOR_METRICS_PORT: String(benchPorts.projectorMetrics) };
}

/** The engine's REST API with the gateway's account, on one node. */
export function benchEngine(node = 0): Engine {
  return new Engine(
    new EngineClient(
      { restUrl: `${engineUrl(node)}/engine-rest`, ...benchProfile.engine.gateway },
      60_000,
    ),
  );
}

/** Our processes of this run; stopped with the benchmark however it ends. */
export const services = new Services(() => path.join(benchProfile.dataDir, 'logs'));

/** A benchmark cannot run here and now; the message says why and what to do. */
export class BenchRefusal extends Error {}

/** Processes a previous bench run left (pid files in the bench data dir, still alive). */
function leftovers(): string[] {
  const run = path.join(benchProfile.dataDir, 'run');
  if (!existsSync(run)) return [];
  return readdirSync(run)
    .filter((f) => f.endsWith('.pid'))
    .flatMap((f) => {
      const pid = Number(readFileSync(path.join(run, f), 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 && isAlive(pid)
        ? [`${f.slice(0, -4)} (pid ${pid})`]
        : [];
    });
}

/** Refuses at once if the install is missing, a previous run is up, or a port is taken. */
async function preflight(engines: number, ports: [number, string][]): Promise<void> {
  const setup = 'run `npm run setup` (scripts/install.sh) first';
  if (!existsSync(path.join(pgBinDir(), 'postgres')))
    throw new BenchRefusal(`PostgreSQL binaries not found in ${pgBinDir()}: ${setup}`);
  if (engines > 0) {
    if (!existsSync(path.join(LOCAL_DIR, 'java-home')))
      throw new BenchRefusal(`no JDK recorded in ${LOCAL_DIR}/java-home: ${setup}`);
    let jar = '';
    try {
      jar = engineJar();
    } catch {
      // not built yet: refused below
    }
    if (!jar || !existsSync(jar))
      throw new BenchRefusal(
        `the engine host is not built (${jar || '.local/engine-jar'} missing): ${setup}`,
      );
  }
  const left = leftovers();
  if (left.length > 0)
    throw new BenchRefusal(
      `a previous bench run is still up: ${left.join(', ')}. If no benchmark runs now, stop it with \`node --import tsx bench/support/bench-stack.ts down\``,
    );
  const wanted: [number, string][] = [
    [benchProfile.postgres.port, 'PostgreSQL'],
    ...Array.from({ length: engines }, (_, n): [number, string] => [
      benchProfile.engine.port + n,
      `engine node ${n}`,
    ]),
    ...ports,
  ];
  const taken: string[] = [];
  for (const [port, what] of wanted) if (await portOpen(port)) taken.push(`${port} (${what})`);
  if (taken.length > 0)
    throw new BenchRefusal(
      `port ${taken.join(', ')} already in use by a process this benchmark did not start (another benchmark? a stack with WSA_PORT_OFFSET=${BENCH_PORT_OFFSET}?): stop it first`,
    );
  if (await portOpen(test.engine.port))
    console.error(
      `note: a test stack runs on the test ports (engine ${test.engine.port}); it shares the cores: take figures without it`,
    );
}

export interface BenchStackOptions {
  /** Engine nodes; 0 starts PostgreSQL alone (benchmarks of the read model). */
  engines: number;
  /** Deploy every model of the repository (scripts/deploy.ts). */
  deploy: boolean;
  /** Further ports the benchmark will listen on, checked free before anything starts. */
  ports?: [number, string][];
}

let started: BenchStackOptions | undefined;

/** Starts the bench stack fresh; returns how long each part took (ms). */
export async function startBenchStack(o: BenchStackOptions): Promise<Record<string, number>> {
  await preflight(o.engines, o.ports ?? []);
  wipeStackData(benchProfile);
  started = o;
  const log = (m: string) => console.error(`  ${m}`);
  const times: Record<string, number> = {};
  const t0 = Date.now();
  const [postgres, engine0] = components(benchProfile);
  console.error(
    `bench stack: PostgreSQL on ${benchProfile.postgres.port}${o.engines > 0 ? `, ${o.engines} engine node(s) from ${benchProfile.engine.port}` : ''}, data in ${benchProfile.dataDir}`,
  );
  await startComponent(benchProfile, postgres!, log);
  times.postgres = Date.now() - t0;
  if (o.engines === 1) {
    await startComponent(benchProfile, engine0!, log);
  } else if (o.engines > 1) {
    await startCluster({ profile: benchProfile, nodes: o.engines }, log);
  }
  times.engines = Date.now() - t0 - times.postgres;
  if (o.deploy) {
    const t = Date.now();
    await deployAll(benchEngine(0), log);
    times.deploy = Date.now() - t;
  }
  times.total = Date.now() - t0;
  return times;
}

/** Stops our processes, the engine node(s) and PostgreSQL; wipes the data directory. */
export async function stopBenchStack(
  keepData = process.env.BENCH_KEEP_DATA === '1',
): Promise<void> {
  await services.stopAll();
  await stopInfra(benchProfile, () => undefined);
  if (keepData) console.error(`data and logs kept in ${benchProfile.dataDir} (BENCH_KEEP_DATA=1)`);
  else wipeStackData(benchProfile);
  started = undefined;
}

/** PostgreSQL and the engine node(s) by name and pid (for CPU and memory figures). */
export function benchInfraPids(engines: number): [string, number][] {
  const pids: [string, number | undefined][] = [
    ['postgres', infraPid(benchProfile, 'postgres')],
    ...Array.from({ length: engines }, (_, n): [string, number | undefined] => [
      engines > 1 ? `engine ${n}` : 'engine',
      infraPid(benchProfile, 'engine', n),
    ]),
  ];
  return pids.flatMap(([name, pid]) => (pid ? [[name, pid] as [string, number]] : []));
}

function printLogTails(): void {
  const logs = path.join(benchProfile.dataDir, 'logs');
  if (!existsSync(logs)) return;
  for (const f of readdirSync(logs)) console.error(tail(path.join(logs, f), 8));
}

/**
 * Runs a benchmark: a refusal is printed as such (exit 2), a failure with the tails of the
 * logs (exit 1); the stack is stopped and wiped however it ends, Ctrl-C included.
 */
export async function runBench(main: () => Promise<void>): Promise<never> {
  process.once('exit', () => services.killAllNow());
  const interrupted = () => {
    console.error('interrupted: stopping the bench stack ...');
    void stopBenchStack().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let code = 0;
  try {
    await main();
  } catch (err) {
    if (err instanceof BenchRefusal) {
      console.error(`refused: ${err.message}`);
      process.exit(2);
    }
    code = 1;
    console.error(`bench failed: ${(err as Error).stack ?? String(err)}`);
    if (started) printLogTails();
  }
  if (started) await stopBenchStack();
  process.exit(code);
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === path.join(ROOT_DIR, 'bench', 'support', 'bench-stack.ts')
) {
  if (process.argv[2] !== 'down') {
    console.error(
      'usage: bench-stack.ts down   (stops what a bench run left, wipes .local/data/bench)',
    );
    process.exit(2);
  }
  await stopInfra(benchProfile, (m) => console.error(m));
  wipeStackData(benchProfile);
  console.error(`bench stack down, ${benchProfile.dataDir} removed`);
}
