/**
 * Overhead against the raw engine, side by side in one run on the same engine node (issue 15,
 * item 8):
 *   raw   the 10-task process (ten external no-op tasks in a row) started by REST
 *         (`POST /engine-rest/process-definition/key/bench-raw/start`), its tasks done by
 *         no-op workers on the official client (camunda-external-task-client-js, its own
 *         process: bench/support/raw-workers.ts), completion seen in the engine's history
 *         (`POST /engine-rest/history/process-instance` with the open ids, `finished`)
 *   ours  the same process started through our gateway (HTTP, JWT, OpenAPI and schema checks,
 *         idempotency, case record, audit), its tasks done by our worker runner (same client,
 *         plus input/output validation, metrics, logging), completion seen in our projection
 *         (engine outbox → projector → `read_model.process_instances`, what the status reads)
 * Each side runs alone on the machine: the raw client is stopped before ours starts, and our
 * gateway, workers and projector are stopped before the raw side runs (the projector first
 * catches up with the raw side's outbox rows, unmeasured). With several rounds the order
 * alternates (raw first, then ours first, ...).
 *
 * Latency: start request sent → completion seen (both sides polled every 20 ms by one
 * reader for all open instances). Throughput: `concurrency` instances in flight, each
 * slot starting the next as soon as its instance completed.
 *
 * Status under load is a third run of ours in each round: the same throughput run while the
 * status endpoint is asked `statusRate` times a second, one request every 1000/statusRate ms
 * (open loop, not waiting for answers). The ratios compare raw with the ours run without
 * that extra load (both sides then do the same work); the table shows ours under the status
 * load beside it. Before round 1 the engine is warmed up by `BENCH_ENGINE_WARMUP` raw
 * instances (default 300), not measured: without it whichever side ran first was slowest.
 *
 *   node --import tsx bench/overhead.ts [instances=300] [concurrency=20] [statusRate=200] [rounds=1]
 *
 * Starts its own PostgreSQL and engine node (bench/support/bench-stack.ts). Targets: ours ≥
 * 0.8 × raw throughput, ours p95 ≤ 1.25 × raw p95, status p99 < 25 ms at 200 requests/s.
 */
import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from '../common/db.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import {
  BENCH_ENGINES,
  BENCH_SECRET,
  BenchRefusal,
  benchEngine,
  benchInfraPids,
  benchPorts,
  benchProfile,
  engineUrl,
  gatewayEnv,
  projectorEnv,
  runBench,
  services,
  startBenchStack,
  workersEnv,
} from './support/bench-stack.js';
import {
  machineLine,
  Meter,
  percentiles,
  usageTable,
  type Measured,
  type Usage,
} from './support/meter.js';
import { waitCaughtUp } from './support/outbox.js';
import { TASKS, tenTaskProcess } from './support/ten-task-process.js';

const INSTANCES = Number(process.argv[2] ?? 300);
const CONCURRENCY = Number(process.argv[3] ?? 20);
/** Status requests per second during the ours side (0: none). */
const STATUS_RATE = Number(process.argv[4] ?? 200);
const ROUNDS = Number(process.argv[5] ?? 1);
/** Instances per side before measuring (JIT, connection pools, caches), not counted. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? Math.min(50, Math.ceil(INSTANCES / 5)));
/** An instance not completed after this long fails the run (no silent wait). */
const INSTANCE_TIMEOUT_MS = 120_000;
/** Raw instances before round 1, not measured: the engine's JIT and pools warm up. */
const ENGINE_WARMUP = Number(process.env.BENCH_ENGINE_WARMUP ?? 300);
const POLL_MS = 20;

interface SideResult {
  side: 'raw' | 'ours' | 'ours+status';
  round: number;
  completed: number;
  seconds: number;
  latenciesMs: number[];
  /** Start to end inside the engine, from its own timestamps. */
  engineMs: number[];
  usage: Usage[];
  startMs?: number[];
  statusMs?: number[];
  statusFailed?: number;
}

/** Open instances by id, resolved by a completion reader. */
class Waiters {
  private readonly open = new Map<
    string,
    { resolve: (engineMs: number) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();

  wait(id: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.open.delete(id);
        reject(new Error(`instance ${id} not completed after ${INSTANCE_TIMEOUT_MS} ms`));
      }, INSTANCE_TIMEOUT_MS);
      this.open.set(id, { resolve, reject, timer });
    });
  }

  ids(): string[] {
    return [...this.open.keys()];
  }

  done(id: string, engineMs: number): void {
    const w = this.open.get(id);
    if (!w) return;
    clearTimeout(w.timer);
    this.open.delete(id);
    w.resolve(engineMs);
  }
}

/** Polls `completed(ids)` every 20 ms for the open instances until stopped. */
function completionReader(
  waiters: Waiters,
  completed: (ids: string[]) => Promise<{ id: string; engineMs: number }[]>,
) {
  let running = true;
  let failure: Error | undefined;
  const loop = (async () => {
    while (running) {
      const ids = waiters.ids();
      if (ids.length > 0) {
        try {
          for (const c of await completed(ids)) waiters.done(c.id, c.engineMs);
        } catch (err) {
          failure = err as Error;
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      if (failure) console.error(`note: a completion read failed once: ${failure.message}`);
    },
  };
}

/** `count` instances with at most `concurrency` in flight; `one` resolves at completion. */
async function drive(
  count: number,
  concurrency: number,
  one: () => Promise<{ latency: number; engineMs: number }>,
) {
  const latencies: number[] = [];
  const engineMs: number[] = [];
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        const r = await one();
        latencies.push(r.latency);
        engineMs.push(r.engineMs);
      }
    }),
  );
  return { completed: latencies.length, seconds: (Date.now() - t0) / 1000, latencies, engineMs };
}

const engineAuth = `Basic ${Buffer.from(`${benchProfile.engine.gateway.user}:${benchProfile.engine.gateway.password}`).toString('base64')}`;

async function engineRest<T>(method: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${engineUrl(0)}/engine-rest${path}`, {
    method,
    headers: { authorization: engineAuth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`engine ${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

function infraMeasured(): Measured[] {
  return benchInfraPids(1).map(([name, pid]) => ({ name, pid, tree: name === 'postgres' }));
}

async function rawSide(round: number, instances = INSTANCES): Promise<SideResult> {
  console.error(
    round === 0 ? `engine warm-up: ${instances} raw instances` : `round ${round}: raw side`,
  );
  const svc = services.start('raw-workers', 'bench/support/raw-workers.ts', workersEnv(0, 0));
  await services.waitReadyLine('raw-workers');
  const waiters = new Waiters();
  const reader = completionReader(waiters, async (ids) => {
    const done = await engineRest<{ id: string; startTime: string; endTime: string | null }[]>(
      'POST',
      '/history/process-instance',
      { processInstanceIds: ids, finished: true },
    );
    return done.map((d) => ({
      id: d.id,
      engineMs: Date.parse(d.endTime!) - Date.parse(d.startTime),
    }));
  });
  const one = async () => {
    const t = Date.now();
    const { id } = await engineRest<{ id: string }>(
      'POST',
      '/process-definition/key/bench-raw/start',
      {},
    );
    const engineMs = await waiters.wait(id);
    return { latency: Date.now() - t, engineMs };
  };
  await drive(WARMUP, CONCURRENCY, one);
  const meter = new Meter([
    ...infraMeasured(),
    { name: 'raw workers (official client)', pid: svc.pid },
    { name: 'bench driver', pid: process.pid },
  ]);
  const r = await drive(instances, CONCURRENCY, one);
  const usage = meter.stop();
  await reader.stop();
  await services.stop('raw-workers');
  return {
    side: 'raw',
    round,
    completed: r.completed,
    seconds: r.seconds,
    latenciesMs: r.latencies,
    engineMs: r.engineMs,
    usage,
  };
}

async function oursSide(
  round: number,
  pool: Pool,
  token: string,
  statusRate: number,
): Promise<SideResult> {
  console.error(
    `round ${round}: ours${statusRate > 0 ? ` with ${statusRate} status requests/s` : ''}`,
  );
  // The projector first applies what the raw side left in the outbox (not measured).
  const projector = services.start('projector', 'bench/support/ours-process.ts', projectorEnv(), [
    'projector',
  ]);
  await services.waitReadyLine('projector');
  await waitCaughtUp(pool, 600_000, () => !projector.exited);
  // One after another: each applies the store's migrations at start, and node-pg-migrate only
  // tries its lock (a second process migrating at the same moment would end).
  const gateway = services.start(
    'gateway',
    'bench/support/ours-process.ts',
    gatewayEnv(0, 0),
    ['gateway'],
    cpuProfileArgs(),
  );
  const { url } = (await services.waitReadyLine('gateway')) as { url: string };
  const workers = services.start(
    'workers',
    'bench/support/ours-process.ts',
    workersEnv(0, 0),
    ['workers'],
    cpuProfileArgs(),
  );
  await services.waitReadyLine('workers');

  const waiters = new Waiters();
  // Read as the status reads: the instance's row in the projection.
  const reader = completionReader(waiters, async (ids) => {
    const { rows } = await pool.query<{ id: string; s: string; e: string }>(
      `select id, view->>'startedAt' as s, view->>'endedAt' as e from read_model.process_instances
        where id = any($1::text[]) and state = 'COMPLETED'`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, engineMs: Date.parse(r.e) - Date.parse(r.s) }));
  });
  const caseIds: string[] = [];
  const startMs: number[] = [];
  const one = async () => {
    const t = Date.now();
    const res = await fetch(`${url}/api/v1/procedures/bench-ten-tasks/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ n: 1, employer: { employerId: '12345678' } }),
    });
    const body = (await res.json()) as { processInstanceKey?: string; caseId?: string };
    startMs.push(Date.now() - t);
    if (res.status !== 201 || !body.processInstanceKey || !body.caseId)
      throw new Error(`start through the gateway: ${res.status} ${JSON.stringify(body)}`);
    caseIds.push(body.caseId);
    const engineMs = await waiters.wait(body.processInstanceKey);
    return { latency: Date.now() - t, engineMs };
  };
  await drive(WARMUP, CONCURRENCY, one);
  startMs.length = 0;

  // Status under load: `statusRate` requests/s on the status of cases of this run, evenly
  // spaced (each sent at its time, whether or not earlier ones were answered).
  const statusMs: number[] = [];
  let statusFailed = 0;
  let loading = statusRate > 0;
  const pending = new Set<Promise<void>>();
  const statusLoad = (async () => {
    const interval = 1000 / statusRate;
    const t0 = performance.now();
    for (let i = 0; loading; i++) {
      const wait = t0 + i * interval - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (!loading || caseIds.length === 0) continue;
      const id = caseIds[Math.floor(Math.random() * caseIds.length)]!;
      const t = performance.now();
      const p = fetch(`${url}/api/v1/cases/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
        .then(async (r) => {
          await r.arrayBuffer();
          if (r.status === 200) statusMs.push(performance.now() - t);
          else statusFailed++;
        })
        .catch(() => void statusFailed++);
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
  })();
  const statusSent = () => statusMs.length + statusFailed;

  const meter = new Meter([
    ...infraMeasured(),
    { name: 'gateway', pid: gateway.pid },
    { name: 'workers (our runner)', pid: workers.pid },
    { name: 'projector', pid: projector.pid },
    { name: statusRate > 0 ? 'bench driver (status load)' : 'bench driver', pid: process.pid },
  ]);
  const r = await drive(INSTANCES, CONCURRENCY, one);
  const usage = meter.stop();
  loading = false;
  await statusLoad;
  await Promise.all([...pending]);
  if (statusRate > 0)
    console.error(
      `status load: ${statusSent()} requests in ${r.seconds.toFixed(1)} s (${(statusSent() / r.seconds).toFixed(0)}/s asked ${statusRate}/s)`,
    );
  await reader.stop();
  await services.stop('workers');
  await services.stop('gateway');
  await services.stop('projector');
  return {
    side: statusRate > 0 ? 'ours+status' : 'ours',
    round,
    completed: r.completed,
    seconds: r.seconds,
    latenciesMs: r.latencies,
    engineMs: r.engineMs,
    usage,
    startMs,
    statusMs,
    statusFailed,
  };
}

/** BENCH_CPU_PROF=<dir>: a CPU profile of our gateway and workers processes. */
function cpuProfileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

const SIDE_NAMES: Record<SideResult['side'], string> = {
  raw: 'raw (REST start, official client, history)',
  ours: 'ours (gateway, our runner, projection)',
  'ours+status': `ours, with ${STATUS_RATE} status requests/s`,
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

await runBench(async () => {
  if (BENCH_ENGINES !== 1)
    throw new BenchRefusal(
      'overhead.ts compares both sides on one engine node: unset BENCH_ENGINES',
    );
  if (!(INSTANCES > 0 && CONCURRENCY > 0 && ROUNDS > 0))
    throw new BenchRefusal(
      'usage: overhead.ts [instances=300] [concurrency=20] [statusRate=200] [rounds=1]',
    );
  await startBenchStack({
    engines: 1,
    deploy: false,
    ports: [
      [benchPorts.gateway(0), 'gateway'],
      [benchPorts.workersMetrics(0), 'workers metrics'],
      [benchPorts.projectorMetrics, 'projector metrics'],
    ],
  });
  await benchEngine(0).deploy([
    { name: 'bench-raw.bpmn', content: tenTaskProcess('bench-raw', 'bench.raw-') },
    { name: 'bench-ours.bpmn', content: tenTaskProcess('bench-ours', 'bench.ours-') },
  ]);
  const pool = createPool(gatewayEnv(0).DATABASE_URL!, { max: 2, applicationName: 'bench' });
  const token = await issueToken(authConfig(BENCH_SECRET), {
    subject: 'bench',
    role: 'employer',
    organisation: '12345678',
  });
  if (ENGINE_WARMUP > 0) await rawSide(0, ENGINE_WARMUP);
  const results: SideResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const sides = [
      () => rawSide(round),
      () => oursSide(round, pool, token, 0),
      ...(STATUS_RATE > 0 ? [() => oursSide(round, pool, token, STATUS_RATE)] : []),
    ];
    // Alternating order: raw first in odd rounds, last in even ones.
    for (const side of round % 2 === 1 ? sides : sides.reverse()) results.push(await side());
  }
  await pool.end();

  const rate = (r: SideResult) => r.completed / r.seconds;
  const p = (xs: number[], q: number) => Number(percentiles(xs, 3, [q]));
  const out: string[] = [];
  out.push(`### Overhead: raw Operaton against ours (${machineLine()})

Command: \`node --import tsx bench/overhead.ts ${INSTANCES} ${CONCURRENCY} ${STATUS_RATE} ${ROUNDS}\` — ${ENGINE_WARMUP} raw instances to warm the engine up, then ${INSTANCES} instances per side and round after ${WARMUP} warm-up instances, ${CONCURRENCY} in flight, ${TASKS} external tasks each, one engine node, PostgreSQL fsync ${benchProfile.postgres.fsync ? 'on' : 'off'}.

| round | side | completed | instances/s | latency p50 / p95 / p99 ms | inside the engine p50 / p95 ms |
|---|---|---|---|---|---|`);
  for (const r of results)
    out.push(
      `| ${r.round} | ${SIDE_NAMES[r.side]} | ${r.completed} | ${rate(r).toFixed(1)} | ${percentiles(r.latenciesMs)} | ${percentiles(r.engineMs, 0, [0.5, 0.95])} |`,
    );
  out.push(`
| round | throughput ours / raw (target ≥ 0.8) | p95 ours / raw (target ≤ 1.25) | the same with the status load | status under load: answers, failed, p50 / p95 / p99 ms (target p99 < 25) | gateway start request p50 / p95 ms |
|---|---|---|---|---|---|`);
  const ratios: { tp: number; p95: number; status99: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const raw = results.find((r) => r.round === round && r.side === 'raw')!;
    const ours = results.find((r) => r.round === round && r.side === 'ours')!;
    const loaded = results.find((r) => r.round === round && r.side === 'ours+status');
    const tp = rate(ours) / rate(raw);
    const p95 = p(ours.latenciesMs, 0.95) / p(raw.latenciesMs, 0.95);
    const status99 = loaded && loaded.statusMs!.length > 0 ? p(loaded.statusMs!, 0.99) : NaN;
    ratios.push({ tp, p95, status99 });
    const withLoad = loaded
      ? `${(rate(loaded) / rate(raw)).toFixed(2)}, ${(p(loaded.latenciesMs, 0.95) / p(raw.latenciesMs, 0.95)).toFixed(2)}`
      : 'not run';
    out.push(
      `| ${round} | ${tp.toFixed(2)} | ${p95.toFixed(2)} | ${withLoad} | ${loaded ? `${loaded.statusMs!.length}, ${loaded.statusFailed}, ${percentiles(loaded.statusMs!, 1)}` : 'not asked'} | ${percentiles(ours.startMs!, 0, [0.5, 0.95])} |`,
    );
  }
  if (ROUNDS > 1) {
    const span = (xs: number[], d = 2) =>
      `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;
    out.push(
      `| median (min–max) of ${ROUNDS} | ${span(ratios.map((r) => r.tp))} | ${span(ratios.map((r) => r.p95))} | | p99 ${span(
        ratios.map((r) => r.status99),
        1,
      )} | |`,
    );
  }
  for (const side of ['raw', 'ours', 'ours+status'] as const) {
    const last = results.filter((r) => r.side === side).at(-1);
    if (!last) continue;
    out.push(
      `\n${SIDE_NAMES[side]}, round ${last.round} (CPU while measuring; memory: peak RSS since start, PostgreSQL the peak PSS of all its processes, sampled):\n`,
    );
    out.push(usageTable(last.usage));
  }
  console.log(out.join('\n'));
});
