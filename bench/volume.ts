/**
 * Volume (issue 8): 100,000 cases in the store — generated history of BA approvals and
 * recognitions (monitoring/history-generator.ts), the recent ones still open, with their
 * views, case records, links and facts as the gateway and the projector write them — then the
 * queries people make, through a gateway process: a case's status (views by primary key),
 * the status at 200 requests/s, an applicant's and an employer's case list, the operators'
 * search by applicant, and the KPIs (aggregated by PostgreSQL).
 *
 *   node --import tsx bench/volume.ts [cases=100000]
 *
 * Uses the test profile's ports and its own data directory: do not run it while `npm test`
 * runs. Prints Markdown for bench/RESULTS.md.
 */
import { spawn } from 'node:child_process';
import { createPool } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { authConfig, issueToken, type Principal } from '../gateway/auth.js';
import { quantile } from '../monitoring/statistics.js';
import { generateHistory, snapshotAt } from '../monitoring/history-generator.js';
import { caseFacts } from '../monitoring/case-facts.js';
import { CASE_FACTS_VERSION, insertAll } from '../projector/case-facts-store.js';
import { loadProcedures } from '../processes/registry.js';
import type { InstanceView } from '../projector/instance-view.js';
import { writeViews } from '../projector/view-store.js';
import { CasesStore } from '../gateway/data/cases-store.js';
import { ROOT_DIR } from '../scripts/stack/versions.js';
import {
  BENCH_SECRET,
  benchEnv,
  benchProfile,
  startBenchInfra,
  stopBenchInfra,
} from './support/bench-stack.js';
import { peakRssMb, waitHttp } from './support/proc.js';

const CASES = Number(process.argv[2] ?? 100_000);
const SECRET = BENCH_SECRET;
const DAY = 86_400_000;
const profile = benchProfile;
const env = benchEnv;
const procedures = loadProcedures();

await startBenchInfra();
await migrateStore(env.DATABASE_URL!);
const pool = createPool(env.DATABASE_URL!, { max: 8 });
const casesStore = new CasesStore(pool);

// ---- 100,000 cases: a year of history, the last two months' cases still open
const now = Date.now();
const generated = generateHistory(CASES, 20261124, now - 365 * DAY);
const applicants = Math.ceil(CASES / 5); // five cases per applicant account on average
const ids: string[] = [];
const t0 = Date.now();
for (let i = 0; i < generated.length; i += 1000) {
  const chunk = generated.slice(i, i + 1000).map(([view], j) => {
    const n = i + j;
    const key = String(4_503_599_627_370_496n + BigInt(n)); // engine-like numeric keys
    const caseId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`; // a UUID, as the API expects
    const open = view!.startedAt!.getTime() > now - 60 * DAY;
    const v: InstanceView = {
      ...(open ? snapshotAt([view!], now)[0]! : view!),
      _id: key,
      variables: [{ name: 'caseId', value: caseId }],
    };
    return {
      view: v,
      caseDoc: {
        _id: caseId,
        procedure: v.bpmnProcessId,
        createdBy: `hr-${n % 500}`,
        createdByRole: 'employer',
        employerId: `emp-${n % 500}`,
        applicantId: `applicant-${n % applicants}`,
        createdAt: v.startedAt!,
      },
      link: { _id: caseId, processInstanceKey: key, linkedBy: 'gateway' },
    };
  });
  await Promise.all(chunk.map((c) => casesStore.saveCase(c.caseDoc)));
  await Promise.all(chunk.map((c) => casesStore.linkInstance(c.caseDoc._id, c.view._id)));
  await writeViews(
    pool,
    chunk.map((c) => ({ ...c.view, revision: 1 })),
  );
  // What the projector derives as each case changes (projector/case-facts-store.ts).
  await insertAll(
    pool,
    chunk.map(({ view }) => caseFacts([view], procedures)),
  );
  ids.push(...chunk.map((c) => c.caseDoc._id));
}
// The projector finds the facts built and derives nothing at start.
await pool.query(
  `insert into read_model.projection_meta (name, version, built_at) values ('case_facts', $1, now())
   on conflict (name) do nothing`,
  [CASE_FACTS_VERSION],
);
await pool.query('analyze');
const loadSeconds = (Date.now() - t0) / 1000;
console.error(`store loaded in ${loadSeconds.toFixed(0)} s`);

// ---- a gateway process, as deployed
const gateway = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
  cwd: ROOT_DIR,
  env: { ...process.env, ...env },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.once('exit', () => gateway.kill('SIGKILL'));
const base = `http://127.0.0.1:${profile.gatewayPort}`;
await waitHttp(`${base}/ready`);
const token = (p: Principal) => issueToken(authConfig(SECRET), p);
const operator = await token({ subject: 'bench-operator', role: 'operator' });
const employerOf = (n: number) =>
  token({ subject: `bench-emp-${n}`, role: 'employer', organisation: `emp-${n % 500}` });

async function timed(url: string, bearer: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${bearer}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body}`);
  return performance.now() - t;
}
const rows: string[] = [];
const report = (what: string, ms: number[]) => {
  const q = (p: number) => quantile(ms, p)!.toFixed(1);
  rows.push(`| ${what} | ${ms.length} | ${q(0.5)} | ${q(0.95)} | ${q(0.99)} |`);
  console.error(rows.at(-1)); // as it goes: the scans can take minutes at 100,000
};
const pick = () => Math.floor(Math.random() * CASES);

async function statusRun(what: string, n: number) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = pick();
    ms.push(await timed(`/api/v1/cases/${ids[k]}`, await employerOf(k)));
  }
  report(what, ms);
}
const kpiFirst = await timed('/api/v1/kpis', operator);
console.error(`KPIs, first request: ${(kpiFirst / 1000).toFixed(1)} s`);
await statusRun('status of a random case, views by primary key (sequential)', 500);

{
  // 200 requests per second for 10 s, each to a random case
  const tokens = await Promise.all(Array.from({ length: 500 }, (_, n) => employerOf(n)));
  const ms: number[] = [];
  const pending: Promise<void>[] = [];
  for (let tick = 0; tick < 200; tick++) {
    const t = Date.now();
    for (let i = 0; i < 10; i++) {
      const k = pick();
      pending.push(timed(`/api/v1/cases/${ids[k]}`, tokens[k % 500]!).then((d) => void ms.push(d)));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 50 - (Date.now() - t))));
  }
  await Promise.all(pending);
  report('status at 200 requests/s, random cases', ms);
}

const lists = async (
  what: string,
  url: (n: number) => string,
  who: (n: number) => Promise<string>,
  n = 5,
) => {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = pick();
    ms.push(await timed(url(k), await who(k)));
  }
  report(what, ms);
};
await lists(
  "an applicant's own cases (`GET /api/v1/cases`)",
  () => '/api/v1/cases',
  (k) => token({ subject: `applicant-${k % applicants}`, role: 'applicant' }),
);
await lists("an employer's cases (`GET /api/v1/cases`)", () => '/api/v1/cases', employerOf);
await lists(
  'operators: search by applicant (`GET /api/v1/operations/cases?applicantId=`)',
  (k) => `/api/v1/operations/cases?applicantId=applicant-${k % applicants}`,
  () => Promise.resolve(operator),
);
await lists(
  'KPIs (`GET /api/v1/kpis`)',
  () => '/api/v1/kpis',
  () => Promise.resolve(operator),
  10,
);

console.log(`### Volume: ${CASES.toLocaleString('en')} cases (${new Date().toISOString().slice(0, 10)})

Command: \`node --import tsx bench/volume.ts ${CASES}\` — loading the store: ${loadSeconds.toFixed(0)} s.

| query (through a gateway process) | requests | p50 ms | p95 ms | p99 ms |
|---|---|---|---|---|
${rows.join('\n')}

KPIs, first request: ${(kpiFirst / 1000).toFixed(1)} s. Gateway peak RSS: ${peakRssMb(gateway.pid!).toFixed(0)} MB.
`);

gateway.kill('SIGTERM');
await pool.end();
await stopBenchInfra();
process.exit(0);
