/**
 * The task list of an authority with 10,000 open tasks, through the gateway (HTTP, auth,
 * OpenAPI validation, audit), on the local store: the inbox document is one read by `_id`.
 *
 *   npx tsx scripts/stack/cli.ts up --profile test --fresh   (the test stack's store)
 *   node --import tsx bench/task-list.ts [tasks] [requests] [changing]
 *
 * With `changing`, the inbox gets a new revision every second during the run (as the
 * projector writes it while tasks come and go), so the gateway's copy is reloaded.
 */
import { randomUUID } from 'node:crypto';
import { connectMongo } from '../common/mongo.js';
import { authConfig, issueToken } from '../gateway/auth.js';
import { startServer } from '../gateway/server.js';
import { componentEnv, getProfile } from '../scripts/stack/profiles.js';
import type { InboxTask } from '../projector/task-inbox.js';

const TASKS = Number(process.argv[2] ?? 10_000);
const REQUESTS = Number(process.argv[3] ?? 200);
const CHANGING = process.argv[4] === 'changing';
const AUTHORITY = 'BENCH';

for (const [k, v] of Object.entries(componentEnv(getProfile('test')))) process.env[k] ??= v;
process.env.AUTH_JWT_SECRET = 'bench-secret';
process.env.LOG_LEVEL = 'error';
process.env.RATE_LIMIT_PER_MINUTE = '10000000';

const { client, db } = await connectMongo(process.env.MONGO_URL!, process.env.MONGO_DB!);
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
await db
  .collection('task_inboxes')
  .replaceOne({ _id: AUTHORITY as never }, { tasks, revision: 1 }, { upsert: true });

const gateway = await startServer(0);
const token = await issueToken(authConfig('bench-secret'), {
  subject: 'bench-cw',
  role: 'caseworker',
  authority: AUTHORITY,
});
let revision = 1;
const writer = CHANGING
  ? setInterval(() => {
      revision += 1;
      void db
        .collection('task_inboxes')
        .updateOne({ _id: AUTHORITY as never }, { $set: { revision } });
    }, 1000)
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
await db.collection('task_inboxes').deleteOne({ _id: AUTHORITY as never });
await gateway.stop();
await client.close();
