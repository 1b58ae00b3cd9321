/**
 * Stack footprint benchmark: start-up times and peak memory of every process of the local
 * stack while it handles a batch of BA approval cases end to end through the gateway.
 *
 *   node --import tsx bench/stack-footprint.ts [cases=200]
 *
 * Uses the test profile's ports and a fresh data directory, so do not run it while
 * `npm test` runs. Prints a Markdown table to paste into bench/RESULTS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { authConfig, issueToken } from '../gateway/auth.js';
import exampleApplication from '../processes/ba-approval/examples/application.json' with { type: 'json' };
import { createZeebeClient } from '../common/zeebe.js';
import { deployAll } from '../scripts/deploy.js';
import { components, infraPid, startComponent, stopInfra } from '../scripts/stack/infra.js';
import { componentEnv, getProfile } from '../scripts/stack/profiles.js';
import { ROOT_DIR, readVersions } from '../scripts/stack/versions.js';
import { peakRssMb, waitHttp } from './support/proc.js';

const CASES = Number(process.argv[2] ?? 200);
const SECRET = 'bench-secret';
const profile = { ...getProfile('test'), dataDir: path.join(ROOT_DIR, '.local', 'data', 'bench') };
const env: Record<string, string> = {
  ...componentEnv(profile),
  AUTH_JWT_SECRET: SECRET,
  LOG_LEVEL: 'warn',
};

const children: [string, ChildProcess][] = [];
function service(name: string, entry: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, entry)], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push([name, child]);
}

const { rmSync } = await import('node:fs');
rmSync(profile.dataDir, { recursive: true, force: true });
const times: Record<string, number> = {};
const t0 = Date.now();
for (const c of components(profile)) {
  const t = Date.now();
  await startComponent(profile, c, () => undefined);
  times[c.name] = Date.now() - t;
}
const zeebe = createZeebeClient(env.ZEEBE_ADDRESS!);
await deployAll(zeebe, () => undefined);
times.infraAndDeploy = Date.now() - t0;

const t1 = Date.now();
service('simulators', 'simulators/main.ts');
service('projector', 'projector/main.ts');
service('workers', 'workers/main.ts');
service('gateway', 'gateway/main.ts');
await waitHttp(`http://127.0.0.1:${profile.gatewayPort}/ready`);
await waitHttp(`http://127.0.0.1:${profile.simulatorsPort}/health`);
times.services = Date.now() - t1;

const api = `http://127.0.0.1:${profile.gatewayPort}/api/v1`;
const employer = await issueToken(authConfig(SECRET), {
  subject: 'bench-employer',
  role: 'employer',
  organisation: '12345678',
});
const ba = await issueToken(authConfig(SECRET), {
  subject: 'bench-ba',
  role: 'partner',
  authority: 'BA',
});
const body = exampleApplication;
const post = (p: string, token: string, b: unknown, key?: string) =>
  fetch(`${api}${p}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(b),
  });
const status = async (id: string) =>
  (await (
    await fetch(`${api}/cases/${id}`, { headers: { authorization: `Bearer ${employer}` } })
  ).json()) as { state: string; awaitedMessages: string[] };

const t2 = Date.now();
const startLatencies: number[] = [];
const ids: string[] = [];
for (let i = 0; i < CASES; i += 20) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(20, CASES - i) }, async (_, j) => {
      const s = Date.now();
      const res = await post(
        '/procedures/ba-approval/cases',
        employer,
        body,
        `bench-${t0}-${i + j}`,
      );
      startLatencies.push(Date.now() - s);
      return ((await res.json()) as { caseId: string }).caseId;
    }),
  );
  ids.push(...batch);
}
// Deliver each decision as soon as the case waits for it.
const pending = new Set(ids);
while (pending.size > 0) {
  await Promise.all(
    [...pending].slice(0, 50).map(async (id) => {
      const s = await status(id);
      if (s.state === 'COMPLETED') pending.delete(id);
      else if (s.awaitedMessages.includes('ba-zustimmung-decision'))
        await post(
          `/cases/${id}/messages/ba-zustimmung-decision`,
          ba,
          { outcome: 'APPROVED', baReference: 'BENCH' },
          `d-${id}`,
        );
    }),
  );
}
const runMs = Date.now() - t2;

const statusLatencies: number[] = [];
for (const id of ids.slice(0, 200)) {
  const s = Date.now();
  await status(id);
  statusLatencies.push(Date.now() - s);
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const memory: [string, number][] = [];
for (const name of ['zeebe', 'redis', 'postgres'] as const)
  memory.push([name, peakRssMb(infraPid(profile, name)!)]);
for (const [name, child] of children) memory.push([name, peakRssMb(child.pid!)]);

for (const [, c] of children) c.kill('SIGTERM');
await zeebe.close();
await stopInfra(profile, () => undefined);
rmSync(profile.dataDir, { recursive: true, force: true });

const v = readVersions();
console.log(`### Stack footprint (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Zeebe ${v.ZEEBE_VERSION}, Node ${process.version})

Command: \`node --import tsx bench/stack-footprint.ts ${CASES}\`

| start-up (warm caches) | ms |
|---|---|
| Redis ready | ${times.redis} |
| PostgreSQL ready | ${times.postgres} |
| Zeebe broker ready (readiness endpoint) | ${times.zeebe} |
| infrastructure up + processes deployed | ${times.infraAndDeploy} |
| our services ready (gateway /ready) | ${times.services} |

| ${CASES} BA approval cases, start → BA decision → completed, through the gateway | value |
|---|---|
| wall time | ${(runMs / 1000).toFixed(1)} s (${((CASES * 1000) / runMs).toFixed(1)} cases/s, 20 concurrent starts, decisions polled) |
| start request p50 / p95 | ${pct(startLatencies, 50)} / ${pct(startLatencies, 95)} ms |
| status request p50 / p95 (sequential, idle) | ${pct(statusLatencies, 50)} / ${pct(statusLatencies, 95)} ms |

| process | peak RSS (VmHWM) |
|---|---|
${memory.map(([n, mb]) => `| ${n} | ${mb.toFixed(0)} MB |`).join('\n')}
| **total** | **${memory.reduce((a, [, mb]) => a + mb, 0).toFixed(0)} MB** |
`);
process.exit(0);
