/**
 * The full WSA chain under load (issue 8): Blue Card applications through the gateway, the
 * automated path — route decision (DMN), BA approval, the mission's lodging, the BVA's
 * security check, the visa decision and its notice — with the partner simulators answering
 * at once through the API (auto-answer, no delay), until the case waits for the arrival.
 * Everything runs as its own process, as deployed: broker, store, Redis, simulators,
 * projector, N worker processes, M gateway processes (the driver spreads requests over them).
 *
 *   node --import tsx bench/wsa-chain.ts [chains=600] [inFlight=60] [workers=1] [gateways=1]
 *
 * Target: ≥ 5.6 completed chains per second (Germany's ~485,000 national visa applications
 * a year in one day). `BENCH_BROKERS=3` runs it against a 3-broker cluster. Uses the test profile's ports and its own data directory: do not run
 * it while `npm test` runs. Prints Markdown for bench/RESULTS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { authConfig, issueToken } from '../gateway/auth.js';
import wsaExample from '../processes/wsa-application/examples/application.json' with { type: 'json' };
import { createZeebeClient } from '../common/zeebe.js';
import { quantile } from '../monitoring/statistics.js';
import { deployAll } from '../scripts/deploy.js';
import { ROOT_DIR, readVersions } from '../scripts/stack/versions.js';
import {
  BENCH_SECRET,
  benchCommandPrefix,
  benchEnv,
  benchInfraPids,
  benchProfile,
  startBenchInfra,
  stopBenchInfra,
} from './support/bench-stack.js';
import { peakRssMb, cpuSeconds, waitHttp } from './support/proc.js';

const CHAINS = Number(process.argv[2] ?? 600);
const IN_FLIGHT = Number(process.argv[3] ?? 60);
const WORKERS = Number(process.argv[4] ?? 1);
const GATEWAYS = Number(process.argv[5] ?? 1);
const SECRET = BENCH_SECRET;
/** How often the driver asks a chain's status, like a portal page refreshing. */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 2000);
/** The chain's automated path ends here: the visa is granted, the case waits for entry. */
const END_OF_AUTOMATED_PATH = 'AwaitArrival';

const profile = benchProfile;
const env = benchEnv;
const gatewayPort = (i: number) => profile.gatewayPort + i * 10;

const children: [string, ChildProcess][] = [];
function service(name: string, entry: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, entry)], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push([name, child]);
}
process.once('exit', () => children.forEach(([, c]) => c.kill('SIGKILL')));

await startBenchInfra();
const zeebe = createZeebeClient(env.ZEEBE_ADDRESS!);
await deployAll(zeebe, () => undefined);

service('simulators', 'simulators/main.ts');
service('projector', 'projector/main.ts');
for (let i = 0; i < WORKERS; i++) service(`workers ${i + 1}`, 'workers/main.ts');
for (let i = 0; i < GATEWAYS; i++)
  service(`gateway ${i + 1}`, 'gateway/main.ts', { GATEWAY_PORT: String(gatewayPort(i)) });
for (let i = 0; i < GATEWAYS; i++) await waitHttp(`http://127.0.0.1:${gatewayPort(i)}/ready`);
const simulators = `http://127.0.0.1:${profile.simulatorsPort}`;
await waitHttp(`${simulators}/health`);
for (const partner of ['ba', 'mission', 'bva'])
  await fetch(`${simulators}/${partner}/_sim/auto-answer`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enabled: true, delayMs: 0, outcome: null }),
  });

const employer = await issueToken(authConfig(SECRET), {
  subject: 'bench-employer',
  role: 'employer',
  organisation: wsaExample.employer.employerId,
});
let nextGateway = 0;
const api = () => `http://127.0.0.1:${gatewayPort(nextGateway++ % GATEWAYS)}/api/v1`;
const statusOf = async (id: string) =>
  (await (
    await fetch(`${api()}/cases/${id}`, { headers: { authorization: `Bearer ${employer}` } })
  ).json()) as { state: string; currentStages: { elementId: string }[] };

/** One chain: start, then the status every 2 s (a portal page refreshing) until the automated path is done. */
async function chain(): Promise<number> {
  const t = Date.now();
  const res = await fetch(`${api()}/procedures/wsa-application/cases`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${employer}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(wsaExample),
  });
  const { caseId } = (await res.json()) as { caseId: string };
  if (res.status !== 201) throw new Error(`start answered ${res.status}`);
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const s = await statusOf(caseId);
    if (s.currentStages.some((st) => st.elementId === END_OF_AUTOMATED_PATH)) return Date.now() - t;
    if (s.state === 'COMPLETED' || s.state === 'TERMINATED')
      throw new Error(`case ${caseId} ended as ${s.state} before arrival`);
  }
}

const measured: [string, number][] = [
  ...benchInfraPids(),
  ...children.map(([name, c]) => [name, c.pid!] as [string, number]),
];
const cpuBefore = measured.map(([, pid]) => cpuSeconds(pid));
const latencies: number[] = [];
const doneAt: number[] = [];
let started = 0;
const t0 = Date.now();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (started < CHAINS) {
      started++;
      latencies.push(await chain());
      doneAt.push(Date.now() - t0);
    }
  }),
);
const seconds = (Date.now() - t0) / 1000;
const cpu = measured.map(([, pid], i) => (cpuSeconds(pid) - cpuBefore[i]!) / seconds);
// Sustained: the middle of the run, without the ramp-up and the tail.
const sorted = [...doneAt].sort((a, b) => a - b);
const from = sorted[Math.floor(sorted.length * 0.2)]!;
const to = sorted[Math.floor(sorted.length * 0.8)]!;
const sustained =
  (Math.floor(sorted.length * 0.8) - Math.floor(sorted.length * 0.2)) / ((to - from) / 1000);

const v = readVersions();
const q = (p: number) => (quantile(latencies, p)! / 1000).toFixed(1);
console.log(`### Full WSA chain (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Zeebe ${v.ZEEBE_VERSION}, Node ${process.version})

Command: \`${benchCommandPrefix}node --import tsx bench/wsa-chain.ts ${CHAINS} ${IN_FLIGHT} ${WORKERS} ${GATEWAYS}\`

| ${CHAINS} chains, ${IN_FLIGHT} in flight, ${WORKERS} worker / ${GATEWAYS} gateway processes | value |
|---|---|
| completed chains per second, whole run | ${(CHAINS / seconds).toFixed(2)} (${seconds.toFixed(0)} s) |
| completed chains per second, sustained (20th–80th percentile of completions) | ${sustained.toFixed(2)} (target ≥ 5.6) |
| chain latency (start → waiting for arrival) p50 / p95 / p99 | ${q(0.5)} / ${q(0.95)} / ${q(0.99)} s |

| process | CPU (cores, average over the run) | peak RSS (VmHWM) |
|---|---|---|
${measured.map(([n, pid], i) => `| ${n} | ${cpu[i]!.toFixed(2)} | ${peakRssMb(pid).toFixed(0)} MB |`).join('\n')}
| bench driver | ${(cpuSeconds(process.pid) / seconds).toFixed(2)} | ${peakRssMb(process.pid).toFixed(0)} MB |
`);

for (const [, c] of children) c.kill('SIGTERM');
await zeebe.close();
await stopBenchInfra();
process.exit(0);
