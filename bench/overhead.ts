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
 *
 *   npx tsx scripts/stack/cli.ts up --profile test --fresh
 *   node --import tsx bench/overhead.ts [instances=300] [concurrency=20]
 */
import { randomUUID } from 'node:crypto';
import { Zeebe } from '@camunda8/sdk';
import { connectMongo } from '../common/mongo.js';
import { createZeebeClient } from '../common/zeebe.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { startServer } from '../gateway/server.js';
import type { Procedure } from '../processes/registry.js';
import { instanceCollection } from '../projector/collections.js';
import type { InstanceView } from '../projector/instance-view.js';
import { startProjector } from '../projector/main.js';
import { projectorRegistry } from '../projector/metrics.js';
import { WorkerRunner } from '../workers/framework/runner.js';
import { complete, defineWorker } from '../workers/framework/define-worker.js';
import { createLogger } from '../common/logger.js';
import { componentEnv, getProfile } from '../scripts/stack/profiles.js';
import { quantile } from '../monitoring/statistics.js';

const INSTANCES = Number(process.argv[2] ?? 300);
const CONCURRENCY = Number(process.argv[3] ?? 20);
const TASKS = 10;

for (const [k, v] of Object.entries(componentEnv(getProfile('test')))) process.env[k] ??= v;
process.env.AUTH_JWT_SECRET = 'bench-secret';
process.env.LOG_LEVEL = 'error';
process.env.RATE_LIMIT_PER_MINUTE = '100000000';

function tenTaskProcess(id: string, typePrefix: string): string {
  const tasks = Array.from({ length: TASKS }, (_, i) => i + 1);
  const flow = (from: string, to: string, n: number) =>
    `<bpmn:sequenceFlow id="F${n}" sourceRef="${from}" targetRef="${to}" />`;
  const ids = ['Start', ...tasks.map((i) => `T${i}`), 'End'];
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="urn:bench">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F0</bpmn:outgoing></bpmn:startEvent>
    ${tasks
      .map(
        (i) =>
          `<bpmn:serviceTask id="T${i}"><bpmn:extensionElements><zeebe:taskDefinition type="${typePrefix}${i}" retries="3" /></bpmn:extensionElements><bpmn:incoming>F${i - 1}</bpmn:incoming><bpmn:outgoing>F${i}</bpmn:outgoing></bpmn:serviceTask>`,
      )
      .join('\n    ')}
    <bpmn:endEvent id="End"><bpmn:incoming>F${TASKS}</bpmn:incoming></bpmn:endEvent>
    ${ids
      .slice(0, -1)
      .map((from, n) => flow(from, ids[n + 1]!, n))
      .join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

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
const projector = await startProjector('bench-projector');
for (let last = -1; ;) {
  const now = projector.projector.applied;
  if (now === last) break;
  last = now;
  await new Promise((r) => setTimeout(r, 1000));
}

// ---- ours: gateway + our worker framework + projector
const noop = (i: number) =>
  defineWorker({
    type: `bench.ours-${i}`,
    description: 'no-op (benchmark)',
    inputSchema: { type: 'object' },
    outputSchema: { type: 'object' },
    timeoutMs: 30_000,
    retries: 3,
    handler: async () => complete({}),
  });
const benchProcedure: Procedure = {
  procedure: 'bench-ten-tasks',
  title: { de: 'Benchmark', en: 'Benchmark' },
  bpmnProcessId: 'bench-ours',
  resourcePaths: [],
  startSchema: {
    $id: 'https://wsa.example/schemas/bench/start.json',
    type: 'object',
    properties: { n: { type: 'integer' } },
  },
  startRoles: ['employer'],
  authorities: [],
  calls: [],
  statusVariables: [],
  messages: {},
  tasks: {},
  stages: {},
  statutoryDeadlines: {},
};
const gateway = await startServer(0, '127.0.0.1', [benchProcedure]);
const runner = new WorkerRunner(
  zeebe,
  Array.from({ length: TASKS }, (_, i) => noop(i + 1)),
  {
    workerName: 'bench-ours',
    backlogPollMs: 5000,
    log: createLogger('bench-workers'),
  },
);
await runner.start();
const { client: mongo, db } = await connectMongo(process.env.MONGO_URL!, process.env.MONGO_DB!);
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
let reading = true;
const reader = (async () => {
  while (reading) {
    for (const [key, done] of [...waiting]) {
      const v = await db
        .collection<InstanceView>(instanceCollection(key))
        .findOne({ _id: key }, { projection: { state: 1, startedAt: 1, endedAt: 1 } });
      if (v?.state === 'COMPLETED') {
        engineMs.push(new Date(v.endedAt!).getTime() - new Date(v.startedAt!).getTime());
        waiting.delete(key);
        done();
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
})();

// Status under load: 200 requests/s on the status endpoint of started cases while ours runs.
const caseIds: string[] = [];
const statusMs: number[] = [];
let loading = true;
const statusLoad = (async () => {
  while (loading) {
    const tick = Date.now();
    if (caseIds.length > 0)
      for (let i = 0; i < 10; i++) {
        const id = caseIds[Math.floor(Math.random() * caseIds.length)]!;
        const t = Date.now();
        void fetch(`${gateway.url}/api/v1/cases/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        }).then(async (r) => {
          await r.arrayBuffer();
          if (r.status === 200) statusMs.push(Date.now() - t);
        });
      }
    await new Promise((r) => setTimeout(r, Math.max(0, 50 - (Date.now() - tick))));
  }
})();

const oursResult = await drive(INSTANCES, CONCURRENCY, async () => {
  const t = Date.now();
  const res = await fetch(`${gateway.url}/api/v1/procedures/bench-ten-tasks/cases`, {
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
const sl = (p: number) => quantile(statusMs, p)!.toFixed(1);
console.log(
  `status under load (200 req/s during ours): ${statusMs.length} answers, p50 ${sl(0.5)} ms, p95 ${sl(0.95)} ms, p99 ${sl(0.99)} ms (target p99 < 25 ms)`,
);
console.log(`ours start request (gateway): p50 ${st(0.5)} ms, p95 ${st(0.95)} ms`);
console.log(
  `\nthroughput ours/raw: ${ratio(oursResult.completed / oursResult.seconds, rawResult.completed / rawResult.seconds)} (target ≥ 0.8); p95 latency ours/raw: ${ratio(quantile(oursResult.latenciesMs, 0.95)!, quantile(rawResult.latenciesMs, 0.95)!)} (target ≤ 1.25)`,
);

// The projector's own account of the run (projector/metrics.ts).
const metric = async (name: string) =>
  Number(
    (await projectorRegistry.metrics())
      .split('\n')
      .find((l) => l.startsWith(`${name} `))
      ?.split(' ')[1] ?? NaN,
  );
const batches = await metric('wsa_projector_batch_duration_seconds_count');
const batchSeconds = await metric('wsa_projector_batch_duration_seconds_sum');
console.log(
  `projector: ${await metric('wsa_projector_records_applied_total')} records in ${batches} batches, ${((batchSeconds / batches) * 1000).toFixed(0)} ms per batch on average, ${batchSeconds.toFixed(1)} s applying in total`,
);

await runner.stop();
await projector.stop();
await gateway.stop();
await mongo.close();
await zeebe.close();
await raw.close();
process.exit(0);
