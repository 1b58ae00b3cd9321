/**
 * The task list of an authority with 10,000 open tasks (issue 15, item 8: p99 < 100 ms),
 * through a gateway process (HTTP, auth, OpenAPI validation, audit), from PostgreSQL: an index
 * range of the authority's rows in `read_model.inbox_tasks`, filtered, sorted and paged by the
 * database.
 *
 * The tasks: residence-permit cases waiting at the ABH's decision (a user task with candidate
 * group ABH), their views and inbox rows as the projector writes them
 * (bench/support/read-model-rows.ts): a third assigned, one in fifty escalated, due dates
 * spread over a month.
 *
 *   node --import tsx bench/task-list.ts [tasks=10000] [requests=200] [changing]
 *
 * With `changing`, one task is written again every 10 ms during the run (as the projector
 * writes tasks while they come and go). Starts its own PostgreSQL (no engine needed).
 */
import { createPool } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { TaskInboxStore, type InboxTask } from '../read-model/task-inbox.js';
import type { InstanceView } from '../read-model/instance-view.js';
import { writeViews } from '../read-model/view-store.js';
import {
  BENCH_SECRET,
  BenchRefusal,
  benchEnv,
  benchPorts,
  gatewayEnv,
  runBench,
  services,
  startBenchStack,
} from './support/bench-stack.js';
import { machineLine, percentiles } from './support/meter.js';
import { waitingAtUserTask } from './support/read-model-rows.js';

const TASKS = Number(process.argv[2] ?? 10_000);
const REQUESTS = Number(process.argv[3] ?? 200);
const CHANGING = process.argv[4] === 'changing';
const AUTHORITY = 'ABH';
const DAY = 86_400_000;

await runBench(async () => {
  if (!(TASKS > 0 && REQUESTS > 0))
    throw new BenchRefusal('usage: task-list.ts [tasks=10000] [requests=200] [changing]');
  await startBenchStack({ engines: 0, deploy: false, ports: [[benchPorts.gateway(0), 'gateway']] });
  await migrateStore(benchEnv.DATABASE_URL!);
  const pool = createPool(benchEnv.DATABASE_URL!, { max: 2, applicationName: 'bench' });
  const now = Date.now();
  const all: InboxTask[] = [];
  for (let i = 0; i < TASKS; i += 1000) {
    const views: InstanceView[] = [];
    const tasks: InboxTask[] = [];
    for (let n = i; n < Math.min(i + 1000, TASKS); n++) {
      const w = waitingAtUserTask(
        'residence-permit',
        'DecideResidencePermit',
        `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        new Date(now - ((n * 7919) % (30 * DAY))),
        { assignee: n % 3 === 0 ? `cw-${n % 17}` : null, escalated: n % 50 === 0 },
      );
      views.push(w.view);
      tasks.push(...w.inbox);
    }
    await writeViews(pool, views);
    await TaskInboxStore.apply(
      pool,
      tasks.map((task) => ({ kind: 'put', task })),
    );
    all.push(...tasks);
  }
  await pool.query('analyze');

  const gatewayUrl = `http://127.0.0.1:${benchPorts.gateway(0)}`;
  services.start('gateway', 'gateway/main.ts', gatewayEnv(0));
  await services.waitHttp('gateway', `${gatewayUrl}/health`);
  const token = await issueToken(authConfig(BENCH_SECRET), {
    subject: 'bench-cw',
    role: 'caseworker',
    authority: AUTHORITY,
  });
  let changed = 0;
  const writer = CHANGING
    ? setInterval(() => {
        const task = all[changed++ % all.length]!;
        void TaskInboxStore.apply(pool, [
          { kind: 'put', task: { ...task, assignee: task.assignee ? null : 'cw-bench' } },
        ]);
      }, 10)
    : undefined;
  const queries = [
    '',
    'assignee=unassigned',
    'overdue=false&sort=createdAt&limit=100',
    'escalated=true',
  ];
  const rows: string[] = [];
  for (const q of queries) {
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS + 10; i++) {
      const t = performance.now();
      const res = await fetch(`${gatewayUrl}/api/v1/tasks?${q}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { total: number };
      if (res.status !== 200 || body.total === 0)
        throw new Error(`/api/v1/tasks?${q}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      if (i >= 10) ms.push(performance.now() - t); // the first ten warm up
    }
    rows.push(`| \`${q || '(default: due first, 50)'}\` | ${percentiles(ms, 1)} |`);
    console.error(rows.at(-1));
  }
  if (writer) clearInterval(writer);
  await pool.end();
  console.log(`### Task list: ${TASKS.toLocaleString('en')} open tasks of one authority (${machineLine()})

Command: \`node --import tsx bench/task-list.ts ${TASKS} ${REQUESTS}${CHANGING ? ' changing' : ''}\` — ${REQUESTS} sequential requests per query through a gateway process${CHANGING ? ', one task written every 10 ms meanwhile' : ''}. Target: p99 < 100 ms.

| query | p50 / p95 / p99 ms |
|---|---|
${rows.join('\n')}
`);
});
