/**
 * The task list of an authority with 10,000 open tasks, through the gateway (HTTP, auth,
 * OpenAPI validation, audit), from PostgreSQL: an index range of the authority's rows in
 * `read_model.inbox_tasks`, filtered, sorted and paged by the database.
 *
 *   npx tsx scripts/stack/cli.ts up --profile test --fresh   (the test stack's store)
 *   node --import tsx bench/task-list.ts [tasks] [requests] [changing]
 *
 * With `changing`, one task is replaced every 10 ms during the run (as the projector writes
 * tasks while they come and go).
 */
import { randomUUID } from 'node:crypto';
import { createPool } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { startServer } from '../gateway/server.js';
import { componentEnv, getProfile } from '../scripts/stack/profiles.js';
import { TaskInboxStore, type InboxTask } from '../projector/task-inbox.js';

const TASKS = Number(process.argv[2] ?? 10_000);
const REQUESTS = Number(process.argv[3] ?? 200);
const CHANGING = process.argv[4] === 'changing';
const AUTHORITY = 'BENCH';

for (const [k, v] of Object.entries(componentEnv(getProfile('test')))) process.env[k] ??= v;
process.env.AUTH_JWT_SECRET = 'bench-secret';
process.env.LOG_LEVEL = 'error';
process.env.RATE_LIMIT_PER_MINUTE = '10000000';

await migrateStore(process.env.DATABASE_URL!);
const pool = createPool(process.env.DATABASE_URL!, { max: 2 });
const now = Date.now();
const tasks: Record<string, InboxTask> = {};
for (let i = 0; i < TASKS; i++) {
  const key = String(4503599627370496 + i);
  tasks[key] = {
    userTaskKey: key,
    caseId: randomUUID(),
    processInstanceKey: String(2251799813685248 + i),
    bpmnProcessId: 'wsa-application',
    elementId: 'ReviewUnansweredNachforderung',
    candidateGroups: [AUTHORITY],
    assignee: i % 3 === 0 ? `cw-${i % 17}` : null,
    dueDate: new Date(now + ((i * 7919) % (30 * 86_400_000))),
    followUpDate: null,
    escalatesAt: new Date(now + (i % 40) * 86_400_000),
    escalatedAt: i % 50 === 0 ? new Date(now) : null,
    createdAt: new Date(now - i * 60_000),
  };
}
await pool.query('delete from read_model.inbox_tasks where candidate_group = $1', [AUTHORITY]);
const all = Object.values(tasks);
for (let i = 0; i < all.length; i += 1000)
  await TaskInboxStore.apply(
    pool,
    all.slice(i, i + 1000).map((task) => ({ kind: 'put', task })),
  );
await pool.query('analyze read_model.inbox_tasks');

const gateway = await startServer(0);
const token = await issueToken(authConfig('bench-secret'), {
  subject: 'bench-cw',
  role: 'caseworker',
  authority: AUTHORITY,
});
let changed = 0;
const writer = CHANGING
  ? setInterval(() => {
      const task = all[changed++ % all.length]!;
      void TaskInboxStore.apply(pool, [{ kind: 'put', task: { ...task, assignee: null } }]);
    }, 10)
  : undefined;
const queries = [
  '',
  'assignee=unassigned',
  'overdue=false&sort=createdAt&limit=100',
  'escalated=true',
];
for (const q of queries) {
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const res = await fetch(`${gateway.url}/api/v1/tasks?${q}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { total: number };
    if (res.status !== 200 || body.total === 0) throw new Error(`unexpected answer ${res.status}`);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  console.log(
    `| ${TASKS} | ${CHANGING ? 'changing' : 'steady'} | \`${q || '(default: due first, 50)'}\` | ${p(0.5)} | ${p(0.95)} | ${p(0.99)} |`,
  );
}
if (writer) clearInterval(writer);
await pool.query('delete from read_model.inbox_tasks where candidate_group = $1', [AUTHORITY]);
await gateway.stop();
await pool.end();
