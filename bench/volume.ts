/**
 * Volume (issue 15, item 8: "status and inbox latency flat from 1,000 to 100,000 cases"): the
 * read model is loaded directly — as the projector and the gateway write it, not through the
 * engine (bench/support/read-model-rows.ts) — to each size in turn, and at each size the
 * queries people make are timed through a gateway process: a case's status, the status at
 * 200 requests/s, a caseworker's inbox, an applicant's and an employer's case list, the
 * operators' search by applicant, and the KPIs (SQL aggregations).
 *
 * The cases: a year of generated BA approvals and recognitions
 * (monitoring/history-generator.ts), the last two months' still open and waiting at their
 * event-based gateways; every tenth case a residence permit waiting at the ABH's decision
 * (a user task: the ABH's inbox holds a tenth of the cases, 10,000 tasks at 100,000). Each
 * case has its instance view, case record and link, facts and (for the user tasks) inbox rows.
 *
 *   node --import tsx bench/volume.ts [sizes=1000,10000,100000]
 *
 * Starts its own PostgreSQL (no engine: nothing here reaches it). Prints Markdown for
 * bench/RESULTS.md.
 */
import { createPool, type Pool } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { authConfig, issueToken, type Principal } from '../gateway/auth.js';
import { generateHistory, snapshotAt } from '../monitoring/history-generator.js';
import { caseFacts } from '../read-model/case-facts.js';
import { CASE_FACTS_VERSION, insertAll } from '../projector/case-facts-store.js';
import { loadProcedures } from '../processes/registry.js';
import type { InstanceView } from '../read-model/instance-view.js';
import { writeViews } from '../read-model/view-store.js';
import { TaskInboxStore, type InboxTask } from '../read-model/task-inbox.js';
import {
  BENCH_SECRET,
  BenchRefusal,
  benchPorts,
  benchEnv,
  gatewayEnv,
  runBench,
  services,
  startBenchStack,
} from './support/bench-stack.js';
import { machineLine, percentiles } from './support/meter.js';
import { projectedView, waitingAtUserTask } from './support/read-model-rows.js';
import { peakRssMb } from './support/proc.js';

const SIZES = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const DAY = 86_400_000;
const EMPLOYERS = 500;
const AUTHORITY = 'ABH';
const procedures = loadProcedures();

const caseIdOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Loads cases [from, to) as the projector and the gateway write them. */
async function load(
  pool: Pool,
  generated: InstanceView[][],
  from: number,
  to: number,
  now: number,
) {
  const applicants = Math.ceil(SIZES.at(-1)! / 5); // five cases per applicant account on average
  for (let i = from; i < to; i += 1000) {
    const views: InstanceView[] = [];
    const inbox: InboxTask[] = [];
    const records: Record<string, unknown>[] = [];
    for (let n = i; n < Math.min(i + 1000, to); n++) {
      const caseId = caseIdOf(n);
      let view: InstanceView;
      if (n % 10 === 0) {
        const created = new Date(now - ((n * 7919) % (60 * DAY)));
        const w = waitingAtUserTask('residence-permit', 'DecideResidencePermit', caseId, created, {
          assignee: n % 3 === 0 ? `cw-${n % 17}` : null,
          escalated: n % 50 === 0,
        });
        view = w.view;
        inbox.push(...w.inbox);
      } else {
        const g = generated[n]![0]!;
        const open = g.startedAt!.getTime() > now - 60 * DAY;
        view = projectedView(open ? snapshotAt([g], now)[0]! : g, caseId);
      }
      views.push(view);
      records.push({
        id: caseId,
        procedure: view.bpmnProcessId,
        created_by: `hr-${n % EMPLOYERS}`,
        created_by_role: 'employer',
        employer_id: `emp-${n % EMPLOYERS}`,
        applicant_id: `applicant-${n % applicants}`,
        created_at: view.startedAt,
        process_instance_key: view._id,
      });
    }
    // The gateway's writes at a start (gateway/data/cases-store.ts), in bulk.
    await pool.query(
      `insert into read_model.cases (id, procedure, created_by, created_by_role, employer_id,
         applicant_id, created_at)
       select id, procedure, created_by, created_by_role, employer_id, applicant_id, created_at
         from jsonb_to_recordset($1::jsonb) as x(id text, procedure text, created_by text,
           created_by_role text, employer_id text, applicant_id text, created_at timestamptz)`,
      [JSON.stringify(records)],
    );
    await pool.query(
      `insert into read_model.case_instances (case_id, process_instance_key, linked_by)
       select id, process_instance_key, 'gateway'
         from jsonb_to_recordset($1::jsonb) as x(id text, process_instance_key text)`,
      [JSON.stringify(records)],
    );
    // The projector's writes (projector/instance-store.ts): views, inbox rows, facts.
    await writeViews(pool, views);
    await TaskInboxStore.apply(
      pool,
      inbox.map((task) => ({ kind: 'put', task })),
    );
    await insertAll(
      pool,
      views.map((v) => caseFacts([v], procedures)),
    );
  }
}

await runBench(async () => {
  if (
    SIZES.some((n) => !Number.isInteger(n) || n < 100) ||
    SIZES.some((n, i) => i > 0 && n <= SIZES[i - 1]!)
  )
    throw new BenchRefusal('usage: volume.ts [sizes=1000,10000,100000] (ascending, each ≥ 100)');
  await startBenchStack({ engines: 0, deploy: false, ports: [[benchPorts.gateway(0), 'gateway']] });
  await migrateStore(benchEnv.DATABASE_URL!);
  const pool = createPool(benchEnv.DATABASE_URL!, { max: 4, applicationName: 'bench' });
  // The projector finds the facts built and derives nothing (no projector runs here anyway).
  await pool.query(
    `insert into read_model.projection_meta (name, version, built_at) values ('case_facts', $1, now())`,
    [CASE_FACTS_VERSION],
  );
  const now = Date.now();
  const generated = generateHistory(SIZES.at(-1)!, 20261124, now - 365 * DAY);

  const token = (p: Principal) => issueToken(authConfig(BENCH_SECRET), p);
  const operator = await token({ subject: 'bench-operator', role: 'operator' });
  const employers = await Promise.all(
    Array.from({ length: EMPLOYERS }, (_, n) =>
      token({ subject: `bench-emp-${n}`, role: 'employer', organisation: `emp-${n}` }),
    ),
  );
  const caseworker = await token({ subject: 'cw-bench', role: 'caseworker', authority: AUTHORITY });
  const base = `http://127.0.0.1:${benchPorts.gateway(0)}`;

  async function timed(url: string, bearer: string): Promise<number> {
    const t = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${bearer}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body}`);
    return performance.now() - t;
  }

  /** query → size → "p50 / p95 / p99" */
  const table = new Map<string, Map<number, string>>();
  const report = (what: string, size: number, ms: number[]) => {
    const row = table.get(what) ?? new Map<number, string>();
    row.set(size, percentiles(ms, 1));
    table.set(what, row);
    console.error(`  ${size}: ${what}: ${row.get(size)} ms`);
  };
  const loadSeconds: number[] = [];
  let loaded = 0;
  for (const size of SIZES) {
    const t = Date.now();
    await load(pool, generated, loaded, size, now);
    await pool.query('analyze');
    loaded = size;
    loadSeconds.push((Date.now() - t) / 1000);
    console.error(`${size} cases loaded (${loadSeconds.at(-1)!.toFixed(0)} s)`);
    if (size === SIZES[0]) {
      services.start('gateway', 'gateway/main.ts', gatewayEnv(0));
      await services.waitHttp('gateway', `${base}/health`);
    }
    const pick = () => Math.floor(Math.random() * size);

    const status: number[] = [];
    for (let i = 0; i < 200; i++) {
      const k = pick();
      status.push(await timed(`/api/v1/cases/${caseIdOf(k)}`, employers[k % EMPLOYERS]!));
    }
    report('status of a random case (sequential)', size, status);

    // 200 requests per second for 5 s, each to a random case.
    const loaded200: number[] = [];
    const pending: Promise<void>[] = [];
    for (let tick = 0; tick < 100; tick++) {
      const t0 = Date.now();
      for (let i = 0; i < 10; i++) {
        const k = pick();
        pending.push(
          timed(`/api/v1/cases/${caseIdOf(k)}`, employers[k % EMPLOYERS]!).then(
            (d) => void loaded200.push(d),
          ),
        );
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 50 - (Date.now() - t0))));
    }
    await Promise.all(pending);
    report('status at 200 requests/s, random cases', size, loaded200);

    const many = async (
      what: string,
      n: number,
      url: (k: number) => string,
      who: (k: number) => Promise<string> | string,
    ) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const k = pick();
        ms.push(await timed(url(k), await who(k)));
      }
      report(what, size, ms);
    };
    await many(
      `inbox of the ${AUTHORITY}, default page (due first, 50)`,
      100,
      () => '/api/v1/tasks',
      () => caseworker,
    );
    await many(
      `inbox of the ${AUTHORITY}, unassigned, by creation`,
      50,
      () => '/api/v1/tasks?assignee=unassigned&sort=createdAt',
      () => caseworker,
    );
    await many(
      "an applicant's own cases",
      20,
      () => '/api/v1/cases',
      (k) => token({ subject: `applicant-${k % Math.ceil(SIZES.at(-1)! / 5)}`, role: 'applicant' }),
    );
    await many(
      "an employer's cases",
      20,
      () => '/api/v1/cases',
      (k) => employers[k % EMPLOYERS]!,
    );
    await many(
      'operators: search by applicant',
      20,
      (k) => `/api/v1/operations/cases?applicantId=applicant-${k % Math.ceil(SIZES.at(-1)! / 5)}`,
      () => operator,
    );
    await many(
      'KPIs',
      5,
      () => '/api/v1/kpis',
      () => operator,
    );
  }
  const inboxSize = Number(
    (
      await pool.query<{ n: string }>(
        'select count(*) as n from read_model.inbox_tasks where candidate_group = $1',
        [AUTHORITY],
      )
    ).rows[0]!.n,
  );
  await pool.end();

  console.log(`### Volume: status and inbox from ${SIZES[0]!.toLocaleString('en')} to ${SIZES.at(-1)!.toLocaleString('en')} cases (${machineLine()})

Command: \`node --import tsx bench/volume.ts ${SIZES.join(',')}\` — loading the read model: ${loadSeconds.map((s) => `${s.toFixed(0)} s`).join(', ')}; the ${AUTHORITY} inbox holds ${inboxSize.toLocaleString('en')} tasks at the end. Through one gateway process; p50 / p95 / p99 ms.

| query | ${SIZES.map((n) => `${n.toLocaleString('en')} cases`).join(' | ')} |
|---|${SIZES.map(() => '---').join('|')}|
${[...table].map(([what, row]) => `| ${what} | ${SIZES.map((n) => row.get(n) ?? '–').join(' | ')} |`).join('\n')}

Gateway peak RSS: ${peakRssMb(services.get('gateway').pid).toFixed(0)} MB.
`);
});
