/**
 * Stack footprint: start-up times and the peak memory of every process of the stack — engine
 * node(s), PostgreSQL (all its processes), gateway, workers, projector, simulators — while it
 * handles a batch of BA approval cases end to end through the gateway (start, the BA's
 * decision sent as the BA through the API when the case waits for it, completion).
 *
 *   node --import tsx bench/stack-footprint.ts [cases=200]
 *
 * Starts its own stack (bench/support/bench-stack.ts; `BENCH_ENGINES=3` for three engine
 * nodes). Prints Markdown for bench/RESULTS.md.
 */
import { authConfig, issueToken } from '../gateway/auth.js';
import exampleApplication from '../processes/ba-approval/examples/application.json' with { type: 'json' };
import {
  BENCH_ENGINES,
  BENCH_SECRET,
  BenchRefusal,
  benchCommandPrefix,
  benchInfraPids,
  benchPorts,
  runBench,
  services,
  startBenchStack,
} from './support/bench-stack.js';
import { chainPorts, gatewayUrl, startChainServices } from './support/chain.js';
import { machineLine, Meter, percentiles } from './support/meter.js';

const CASES = Number(process.argv[2] ?? 200);
const CONCURRENT_STARTS = 20;

await runBench(async () => {
  if (!(CASES > 0)) throw new BenchRefusal('usage: stack-footprint.ts [cases=200]');
  const engines = BENCH_ENGINES;
  const times = await startBenchStack({ engines, deploy: true, ports: chainPorts(1, 1) });
  const t1 = Date.now();
  await startChainServices(1, 1, engines);
  const servicesMs = Date.now() - t1;
  // Everything measured from here on: CPU of the run, peak memory since each process started.
  const meter = new Meter([
    ...benchInfraPids(engines).map(([name, pid]) => ({ name, pid, tree: name === 'postgres' })),
    ...services.all().map((s) => ({ name: s.name, pid: s.pid })),
  ]);
  // The BA answers by hand here (the driver, as the BA, through the API): not automatically.
  await fetch(`http://127.0.0.1:${benchPorts.simulators}/ba/_sim/auto-answer`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enabled: false }),
  });

  const api = `${gatewayUrl(0)}/api/v1`;
  const employer = await issueToken(authConfig(BENCH_SECRET), {
    subject: 'bench-employer',
    role: 'employer',
    organisation: exampleApplication.employer.employerId,
  });
  const ba = await issueToken(authConfig(BENCH_SECRET), {
    subject: 'bench-ba',
    role: 'partner',
    authority: 'BA',
  });
  const post = (p: string, token: string, b: unknown, key: string) =>
    fetch(`${api}${p}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(b),
    });
  const status = async (id: string) => {
    const res = await fetch(`${api}/cases/${id}`, {
      headers: { authorization: `Bearer ${employer}` },
    });
    if (res.status !== 200) throw new Error(`status of ${id}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { state: string; awaitedMessages: string[] };
  };

  const t2 = Date.now();
  const startMs: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < CASES; i += CONCURRENT_STARTS) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(CONCURRENT_STARTS, CASES - i) }, async (_, j) => {
        const s = Date.now();
        const res = await post(
          '/procedures/ba-approval/cases',
          employer,
          exampleApplication,
          `bench-${t2}-${i + j}`,
        );
        startMs.push(Date.now() - s);
        const body = (await res.json()) as { caseId?: string };
        if (res.status !== 201 || !body.caseId)
          throw new Error(`start answered ${res.status}: ${JSON.stringify(body)}`);
        return body.caseId;
      }),
    );
    ids.push(...batch);
  }
  // Deliver each decision as soon as the case waits for it; done when every case completed.
  const pending = new Set(ids);
  const sent = new Set<string>();
  const deadline = Date.now() + 300_000 + CASES * 1000;
  let noted = Date.now();
  while (pending.size > 0) {
    if (Date.now() > deadline)
      throw new Error(`${pending.size} cases not completed: e.g. ${[...pending][0]}`);
    await Promise.all(
      [...pending].slice(0, 50).map(async (id) => {
        const s = await status(id);
        if (s.state === 'COMPLETED') pending.delete(id);
        else if (!sent.has(id) && s.awaitedMessages.includes('ba-zustimmung-decision')) {
          const res = await post(
            `/cases/${id}/messages/ba-zustimmung-decision`,
            ba,
            { outcome: 'APPROVED', baReference: 'BENCH' },
            `d-${id}`,
          );
          await res.arrayBuffer();
          if (res.status === 202) sent.add(id);
        }
      }),
    );
    if (Date.now() - noted > 10_000) {
      console.error(`  ... ${CASES - pending.size} of ${CASES} cases completed`);
      noted = Date.now();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const runMs = Date.now() - t2;
  const statusMs: number[] = [];
  for (const id of ids.slice(0, 200)) {
    const s = performance.now();
    await status(id);
    statusMs.push(performance.now() - s);
  }
  const usage = meter.stop();

  console.log(`### Stack footprint (${machineLine()})

Command: \`${benchCommandPrefix(engines)}node --import tsx bench/stack-footprint.ts ${CASES}\`

| start-up (warm caches) | ms |
|---|---|
| PostgreSQL ready (initdb included) | ${times.postgres} |
| engine node(s) ready (${engines}, one after another) | ${times.engines} |
| models deployed | ${times.deploy} |
| infrastructure up + models deployed | ${times.total} |
| our services ready (simulators, projector, workers, gateway /ready) | ${servicesMs} |

| ${CASES} BA approval cases, start → BA decision → completed, through the gateway | value |
|---|---|
| wall time | ${(runMs / 1000).toFixed(1)} s (${((CASES * 1000) / runMs).toFixed(1)} cases/s, ${CONCURRENT_STARTS} concurrent starts, decisions sent when the status shows the wait) |
| start request p50 / p95 | ${percentiles(startMs, 0, [0.5, 0.95])} ms |
| status request p50 / p95 (sequential, idle) | ${percentiles(statusMs, 1, [0.5, 0.95])} ms |

| process | CPU during the cases (cores) | peak memory |
|---|---|---|
${usage.map((u) => `| ${u.name} | ${u.cores.toFixed(2)} | ${u.peakMb.toFixed(0)} MB |`).join('\n')}
| **total** | | **${usage.reduce((a, u) => a + u.peakMb, 0).toFixed(0)} MB** |

Peak memory: VmHWM of each process; PostgreSQL: the peak of the summed PSS of all its processes, sampled every second.
`);
});
