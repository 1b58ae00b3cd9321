/**
 * Overhead against the raw engine, side by side on one broker (issue 8's headline figure):
 *   raw   a minimal @camunda8/sdk client: no-op workers for 10 service tasks, instances
 *         started with createProcessInstanceWithResult (the broker answers at completion)
 *   ours  the same 10-task process started through our gateway (HTTP, JWT, OpenAPI and
 *         schema validation, idempotency, audit), its jobs done by our worker framework
 *         (long polling, input/output validation), completion seen in our projection
 *         (Redis exporter → projector → store)
 * Latency: start request sent → completion (raw: the broker's answer; ours: the case shows
 * COMPLETED in the projection, polled every 20 ms by one reader for all open cases).
 * During ours, the status endpoint is asked `statusRate` times a second (status under load).
 * Gateway, workers and projector run as three processes, as deployed; the peak memory of
 * every process is printed at the end.
 *
 *   npx tsx scripts/stack/cli.ts up --profile test --fresh
 *   node --import tsx bench/overhead.ts [instances=300] [concurrency=20] [statusRate=200]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Zeebe } from '@camunda8/sdk';
import { createPool } from '../common/db.js';
import { createZeebeClient } from '../common/zeebe.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { ProjectionReader } from '../gateway/data/projection-reader.js';
import { quantile } from '../monitoring/statistics.js';
import { infraPid } from '../scripts/stack/infra.js';
import { componentEnv, getProfile } from '../scripts/stack/profiles.js';
import { TASKS, tenTaskProcess } from './support/ten-task-process.js';
import { peakRssMb, cpuSeconds } from './support/proc.js';

const INSTANCES = Number(process.argv[2] ?? 300);
const CONCURRENCY = Number(process.argv[3] ?? 20);
/** Status requests per second during the ours side (0: none). */
const STATUS_RATE = Number(process.argv[4] ?? 200);
const PROJECTOR_METRICS_PORT = 38465;

// Our processes inherit this environment: the test stack's addresses, a bench secret.
for (const [k, v] of Object.entries(componentEnv(getProfile('test')))) process.env[k] ??= v;
process.env.AUTH_JWT_SECRET = 'bench-secret';
process.env.LOG_LEVEL = 'error';
process.env.RATE_LIMIT_PER_MINUTE = '100000000';
process.env.PROJECTOR_METRICS_PORT = String(PROJECTOR_METRICS_PORT);

interface Result {
  completed: number;
  seconds: number;
  latenciesMs: number[];
}

/** Runs `count` starts with at most `concurrency` in flight; each resolves at completion. */
async function drive(
  count: number,
  concurrency: number,
  one: () => Promise<number>,
): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        latencies.push(await one());
      }
    }),
  );
  return { completed: latencies.length, seconds: (Date.now() - t0) / 1000, latenciesMs: latencies };
}

interface OurProcess {
  child: ChildProcess;
  ready: { url?: string };
  stop: () => Promise<void>;
}

/** Starts one of our components as its own process (bench/support/ours-process.ts). */
async function startOurs(component: 'gateway' | 'workers' | 'projector'): Promise<OurProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
      '--import',
      'tsx',
      'bench/support/ours-process.ts',
      component,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  const ready = await new Promise<{ url?: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve(JSON.parse(line) as { url?: string });
    });
    child.once('exit', (code) => reject(new Error(`${component} exited with ${code}`)));
  });
  // What dedicated CPU would give the gateway in a deployment, on a shared 2-core machine:
  // BENCH_GATEWAY_NICE=-10 lets it run before the others when the cores are busy.
  // BENCH_CPU_PROF=<dir>: a CPU profile of each of our processes (node --cpu-prof).
  if (component === 'gateway' && process.env.BENCH_GATEWAY_NICE)
    os.setPriority(child.pid!, Number(process.env.BENCH_GATEWAY_NICE));
  // If the benchmark fails half way, its processes go with it.
  process.once('exit', () => child.kill('SIGKILL'));
  return {
    child,
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A counter or sum from the projector process's Prometheus endpoint. */
async function projectorMetric(name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${PROJECTOR_METRICS_PORT}/metrics`)).text();
  return Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${name} `))
      ?.split(' ')[1] ?? NaN,
  );
}

const zeebe = createZeebeClient(process.env.ZEEBE_ADDRESS!);
await zeebe.deployResource({
  name: 'bench-raw.bpmn',
  process: Buffer.from(tenTaskProcess('bench-raw', 'bench.raw-')),
});
await zeebe.deployResource({
  name: 'bench-ours.bpmn',
  process: Buffer.from(tenTaskProcess('bench-ours', 'bench.ours-')),
});

// ---- raw: the SDK's own workers, no-op
const raw = new Zeebe.ZeebeGrpcClient({
  config: {
    ZEEBE_ADDRESS: process.env.ZEEBE_ADDRESS!,
    ZEEBE_GRPC_ADDRESS: process.env.ZEEBE_ADDRESS!,
    CAMUNDA_SECURE_CONNECTION: false,
    CAMUNDA_OAUTH_DISABLED: true,
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  } as never,
});
const rawWorkers = Array.from({ length: TASKS }, (_, i) =>
  raw.createWorker({
    taskType: `bench.raw-${i + 1}`,
    maxJobsToActivate: 64,
    timeout: 30_000,
    pollInterval: 100,
    taskHandler: (job) => job.complete(),
  }),
);
const rawResult = await drive(INSTANCES, CONCURRENCY, async () => {
  const t = Date.now();
  await raw.createProcessInstanceWithResult({
    bpmnProcessId: 'bench-raw',
    variables: {},
    requestTimeout: 60_000,
  });
  return Date.now() - t;
});
await Promise.all(rawWorkers.map((w) => w.close()));

// The raw side ran without our projector on the machine (the broker exports either way);
// ours starts once the projector has caught up with the raw side's records.
const projector = await startOurs('projector');
for (let last = -1; ;) {
  const now = await projectorMetric('wsa_projector_records_applied_total');
  if (now === last) break;
  last = now;
  await new Promise((r) => setTimeout(r, 1000));
}

// ---- ours: gateway + our worker framework + projector, each its own process as deployed
const gateway = await startOurs('gateway');
const workers = await startOurs('workers');

const pool = createPool(process.env.DATABASE_URL!, { max: 2 });
const token = await issueToken(authConfig('bench-secret'), {
  subject: 'bench',
  role: 'employer',
  organisation: '12345678',
});

// One reader for all open cases: resolves each case's waiter once its view is COMPLETED.
const waiting = new Map<string, () => void>();
/** Start to end inside the engine, as its records say (the rest is gateway and projection). */
const engineMs: number[] = [];
/** The start request alone (gateway: checks, engine call, case record). */
const startMs: number[] = [];
// Read as the gateway's status reads: the view by primary key.
const projection = new ProjectionReader(pool);
let reading = true;
const reader = (async () => {
  while (reading) {
    for (const [key, done] of [...waiting]) {
      const v = await projection.instance(key);
      if (v?.state === 'COMPLETED') {
        engineMs.push(new Date(v.endedAt!).getTime() - new Date(v.startedAt!).getTime());
        waiting.delete(key);
        done();
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
})();

// Status under load: STATUS_RATE requests/s on the status of started cases while ours runs.
const caseIds: string[] = [];
const statusMs: number[] = [];
let loading = true;
const statusLoad = (async () => {
  while (loading) {
    const tick = Date.now();
    if (caseIds.length > 0)
      for (let i = 0; i < STATUS_RATE / 20; i++) {
        const id = caseIds[Math.floor(Math.random() * caseIds.length)]!;
        const t = Date.now();
        void fetch(`${gateway.ready.url}/api/v1/cases/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        }).then(async (r) => {
          await r.arrayBuffer();
          if (r.status === 200) statusMs.push(Date.now() - t);
        });
      }
    await new Promise((r) => setTimeout(r, Math.max(0, 50 - (Date.now() - tick))));
  }
})();

const profile = getProfile('test');
const measured: [string, number][] = [
  ...(['zeebe', 'postgres', 'redis'] as const).map(
    (n) => [n, infraPid(profile, n)!] as [string, number],
  ),
  ['gateway', gateway.child.pid!],
  ['workers', workers.child.pid!],
  ['projector', projector.child.pid!],
  ['bench driver (raw SDK client, load)', process.pid],
];
const cpuBefore = measured.map(([, pid]) => cpuSeconds(pid));
const oursResult = await drive(INSTANCES, CONCURRENCY, async () => {
  const t = Date.now();
  const res = await fetch(`${gateway.ready.url}/api/v1/procedures/bench-ten-tasks/cases`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({ n: 1, employer: { employerId: '12345678' } }),
  });
  const body = (await res.json()) as { processInstanceKey?: string; caseId?: string };
  if (body.caseId) caseIds.push(body.caseId);
  startMs.push(Date.now() - t);
  if (res.status !== 201 || !body.processInstanceKey)
    throw new Error(`start: ${res.status} ${JSON.stringify(body)}`);
  await new Promise<void>((resolve) => waiting.set(body.processInstanceKey!, resolve));
  return Date.now() - t;
});
const cpuUsed = measured.map(([, pid], i) => cpuSeconds(pid) - cpuBefore[i]!);
reading = false;
await reader;
loading = false;
await statusLoad;

const row = (name: string, r: Result) => {
  const q = (p: number) => quantile(r.latenciesMs, p)!.toFixed(0);
  return `| ${name} | ${r.completed} | ${(r.completed / r.seconds).toFixed(1)} | ${q(0.5)} | ${q(0.95)} | ${q(0.99)} |`;
};
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const e = (p: number) => quantile(engineMs, p)!.toFixed(0);
console.log(
  `instances: ${INSTANCES} per side, concurrency ${CONCURRENCY}, ${TASKS} service tasks each\n`,
);
console.log('| side | completed | instances/s | p50 ms | p95 ms | p99 ms |');
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(row('raw engine (SDK, no-op workers)', rawResult));
console.log(row('ours (gateway, worker framework, projector)', oursResult));
console.log(`\nours inside the engine (first to last record): p50 ${e(0.5)} ms, p95 ${e(0.95)} ms`);
const st = (p: number) => quantile(startMs, p)!.toFixed(0);
const sl = (p: number) => quantile(statusMs, p)?.toFixed(1);
if (STATUS_RATE > 0)
  console.log(
    `status under load (${STATUS_RATE} req/s during ours): ${statusMs.length} answers, p50 ${sl(0.5)} ms, p95 ${sl(0.95)} ms, p99 ${sl(0.99)} ms (target p99 < 25 ms)`,
  );
console.log(`ours start request (gateway): p50 ${st(0.5)} ms, p95 ${st(0.95)} ms`);
console.log(
  `\nthroughput ours/raw: ${ratio(oursResult.completed / oursResult.seconds, rawResult.completed / rawResult.seconds)} (target ≥ 0.8); p95 latency ours/raw: ${ratio(quantile(oursResult.latenciesMs, 0.95)!, quantile(rawResult.latenciesMs, 0.95)!)} (target ≤ 1.25)`,
);

// The projector's own account of the run (projector/metrics.ts).
const batches = await projectorMetric('wsa_projector_batch_duration_seconds_count');
const batchSeconds = await projectorMetric('wsa_projector_batch_duration_seconds_sum');
console.log(
  `projector: ${await projectorMetric('wsa_projector_records_applied_total')} records in ${batches} batches, ${((batchSeconds / batches) * 1000).toFixed(0)} ms per batch on average, ${batchSeconds.toFixed(1)} s applying in total`,
);

// Per process: CPU during the ours side (share of one core) and peak resident memory.
console.log('\n| process | CPU during ours (cores) | peak RSS (VmHWM) |\n| --- | --- | --- |');
measured.forEach(([name, pid], i) =>
  console.log(
    `| ${name} | ${(cpuUsed[i]! / oursResult.seconds).toFixed(2)} | ${peakRssMb(pid).toFixed(0)} MB |`,
  ),
);

await Promise.all([workers, gateway, projector].map((c) => c.stop()));
await pool.end();
await zeebe.close();
await raw.close();
process.exit(0);
