/**
 * Faults under load (issue 15, item 7): the Blue Card chain on 3 engine nodes on one
 * PostgreSQL, with 2 worker and 2 gateway processes (gateway i on node i, workers j on node
 * j + 1: node 1 serves gateway 2 and workers 1), the partner simulators auto-answering, and a
 * driver keeping `inFlight` chains going. During the load, one after another:
 *
 *   1. kill -9 of engine node 1, started again after 10 s
 *   2. kill -9 of the workers 2 process, a new one started after 5 s
 *   3. PostgreSQL restarted (fast shutdown, start again at once)
 *   4. the read store away: the projector killed (-9) for `projectorDownSeconds`, then started
 *      again; status answers meanwhile (stale or 503) and its catch-up are measured
 *
 * with `BENCH_FAULT_SETTLE_S` (15) seconds of load between them. A start refused meanwhile is
 * retried with the same Idempotency-Key after its Retry-After; every start a gateway
 * accepted (201/200) is a case that must reach the arrival wait. Afterwards the load stops and
 * the run waits (at most `BENCH_DRAIN_S`, 420 s: a job the killed node had locked waits for
 * the engine's job lock to expire, 60 s by default) and checks:
 *   - 0 lost: every accepted case at the arrival wait;
 *   - 0 duplicated partner side effects: the simulators' idempotency ledgers hold one BA
 *     request, one appointment, one BVA consultation per case (a retried call with the same
 *     key is one effect);
 *   - one engine instance per case, one notice per kind and case.
 * Exit status 1 if any of these fails.
 *
 *   node --import tsx bench/faults.ts [inFlight=20] [projectorDownSeconds=20]
 */
import { createPool } from '../common/db.js';
import {
  components,
  engineComponent,
  infraPid,
  startComponent,
  stopComponent,
} from '../scripts/stack/infra.js';
import {
  BenchRefusal,
  benchEnv,
  benchProfile,
  benchInfraPids,
  runBench,
  services,
  startBenchStack,
} from './support/bench-stack.js';
import {
  ChainDriver,
  chainPorts,
  checkLedgers,
  checkOnce,
  employerToken,
  END_OF_AUTOMATED_PATH,
  explainCase,
  startChainServices,
  startProjector,
  startWorkers,
} from './support/chain.js';
import { machineLine, percentiles } from './support/meter.js';
import { projectionBacklog, waitCaughtUp } from './support/outbox.js';

const IN_FLIGHT = Number(process.argv[2] ?? 20);
const PROJECTOR_DOWN_S = Number(process.argv[3] ?? 20);
const SETTLE_S = Number(process.env.BENCH_FAULT_SETTLE_S ?? 15);
const DRAIN_S = Number(process.env.BENCH_DRAIN_S ?? 420);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 1000);
const ENGINES = 3;
const GATEWAYS = 2;
const WORKERS = 2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await runBench(async () => {
  if (process.env.BENCH_ENGINES && process.env.BENCH_ENGINES !== '3')
    throw new BenchRefusal('faults.ts always runs on 3 engine nodes: unset BENCH_ENGINES');
  if (!(IN_FLIGHT > 0 && PROJECTOR_DOWN_S > 0))
    throw new BenchRefusal('usage: faults.ts [inFlight=20] [projectorDownSeconds=20]');
  await startBenchStack({ engines: ENGINES, deploy: true, ports: chainPorts(GATEWAYS, WORKERS) });
  await startChainServices(GATEWAYS, WORKERS, ENGINES);
  const driver = new ChainDriver(GATEWAYS, await employerToken(), POLL_MS);
  const t0 = Date.now();
  const at = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
  const say = (m: string) => console.error(`[${at()}] ${m}`);

  // ---- the load: IN_FLIGHT slots, each starting a chain and following it to the arrival wait
  let loading = true;
  const slotErrors: string[] = [];
  const slots = Array.from({ length: IN_FLIGHT }, async () => {
    while (loading) {
      try {
        const caseId = await driver.start(Date.now() + 300_000);
        await driver.follow(caseId, Date.now() + (DRAIN_S + 600) * 1000);
      } catch (err) {
        // A start answered with a 4xx other than 409: not a case; noted, and the slot goes on.
        slotErrors.push((err as Error).message);
        await sleep(1000);
      }
    }
  });
  const arrived = () => driver.arrivedAt.size;
  const counters = () => ({
    refused: driver.startRefusals + driver.startErrors,
    statusFailed: driver.statusFailures,
    accepted: driver.accepted.size,
    arrived: arrived(),
  });

  interface Phase {
    fault: string;
    detail: string;
    during: ReturnType<typeof counters>;
  }
  const phases: Phase[] = [];
  const phase = async (fault: string, run: () => Promise<string>) => {
    const before = counters();
    say(`fault: ${fault}`);
    const detail = await run();
    await sleep(SETTLE_S * 1000);
    const after = counters();
    const during = Object.fromEntries(
      Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
    ) as ReturnType<typeof counters>;
    phases.push({ fault, detail, during });
    say(`  ${detail}; meanwhile ${JSON.stringify(during)}`);
  };

  // Under load first.
  const warmDeadline = Date.now() + 120_000;
  while (arrived() < Math.max(3, Math.ceil(IN_FLIGHT / 2)) && Date.now() < warmDeadline)
    await sleep(500);
  say(`load running: ${driver.accepted.size} accepted, ${arrived()} at the arrival wait`);

  await phase('kill -9 of engine node 1 (gateway 2 and workers 1 talk to it)', async () => {
    const pid = infraPid(benchProfile, 'engine', 1);
    if (!pid) throw new Error('engine node 1 is not running');
    process.kill(pid, 'SIGKILL');
    await sleep(10_000);
    const t = Date.now();
    await startComponent(benchProfile, engineComponent(benchProfile, 1), (m) => say(`  ${m}`));
    return `killed, started again after 10 s, ready after ${((Date.now() - t) / 1000).toFixed(1)} s more`;
  });

  await phase('kill -9 of the workers 2 process', async () => {
    await services.kill9('workers 2');
    await sleep(5_000);
    const t = Date.now();
    await startWorkers(1, ENGINES);
    return `killed, a new process started after 5 s, ready after ${((Date.now() - t) / 1000).toFixed(1)} s more`;
  });

  await phase('PostgreSQL restart', async () => {
    const t = Date.now();
    await stopComponent(benchProfile, 'postgres', () => undefined);
    await startComponent(benchProfile, components(benchProfile)[0]!, () => undefined);
    return `down and up again in ${((Date.now() - t) / 1000).toFixed(1)} s`;
  });

  const pool = createPool(benchEnv.DATABASE_URL!, { max: 2, applicationName: 'bench' });
  await phase(`read store away: projector killed for ${PROJECTOR_DOWN_S} s`, async () => {
    await services.kill9('projector');
    // Meanwhile the status of cases on their way: answered from the read model as it was
    // (stale: nothing moves) or refused (503).
    const codes = new Map<string, number>();
    const inFlight = [...driver.accepted.values()].filter((id) => !driver.arrivedAt.has(id));
    const downUntil = Date.now() + PROJECTOR_DOWN_S * 1000;
    const stagesAtKill = new Map<string, string>();
    while (Date.now() < downUntil) {
      for (const id of inFlight.slice(0, 5)) {
        const s = await driver.status(id);
        const stages = s ? s.currentStages.map((x) => x.elementId).join(',') : 'none';
        if (!stagesAtKill.has(id)) stagesAtKill.set(id, stages);
        const kind = !s
          ? 'failed/503'
          : stagesAtKill.get(id) === stages
            ? '200 unchanged'
            : '200 moved';
        codes.set(kind, (codes.get(kind) ?? 0) + 1);
      }
      await sleep(1000);
    }
    const backlog = await projectionBacklog(pool);
    await startProjector();
    const catchUpMs = await waitCaughtUp(pool, 600_000);
    return `status meanwhile: ${[...codes].map(([k, n]) => `${n} × ${k}`).join(', ') || 'none asked'}; ${backlog} outbox rows behind at restart, caught up ${(catchUpMs / 1000).toFixed(1)} s after the new projector was ready`;
  });

  loading = false;
  say(
    `faults done: load stopped; waiting for the ${driver.accepted.size - arrived()} accepted cases still on their way (at most ${DRAIN_S} s)`,
  );
  const progress = setInterval(
    () => say(`  ... ${driver.accepted.size - arrived()} cases still on their way`),
    15_000,
  );
  await Promise.race([Promise.all(slots), sleep(DRAIN_S * 1000)]);
  clearInterval(progress);

  // ---- the checks
  // One last look at the cases not seen at the arrival wait yet.
  const accepted = [...driver.accepted.values()];
  for (const id of accepted.filter((x) => !driver.arrivedAt.has(x))) {
    const s = await driver.status(id);
    if (s?.currentStages.some((x) => x.elementId === END_OF_AUTOMATED_PATH))
      driver.arrivedAt.set(id, Date.now());
  }
  const lost = accepted.filter((id) => !driver.arrivedAt.has(id));
  const ledgers = await checkLedgers([...driver.arrivedAt.keys()]);
  const once = await checkOnce(pool);
  const incidents = Number(
    (await pool.query<{ n: string }>('select count(*) as n from act_ru_incident')).rows[0]!.n,
  );
  await pool.end();
  const pids = benchInfraPids(ENGINES)
    .map(([n]) => n)
    .join(', ');

  const ok =
    lost.length === 0 &&
    ledgers.duplicates.length === 0 &&
    ledgers.missing.length === 0 &&
    once.instances.length === 0 &&
    once.notices.length === 0;
  console.log(`### Faults under load (${machineLine()})

Command: \`node --import tsx bench/faults.ts ${IN_FLIGHT} ${PROJECTOR_DOWN_S}\` — 3 engine nodes on one PostgreSQL, ${GATEWAYS} gateway and ${WORKERS} worker processes, ${IN_FLIGHT} chains in flight, ${SETTLE_S} s of load after each fault; running at the end: ${pids}.

| fault | what happened | meanwhile: starts accepted / refused and retried / status failed / chains arrived |
|---|---|---|
${phases.map((p) => `| ${p.fault} | ${p.detail} | ${p.during.accepted} / ${p.during.refused} / ${p.during.statusFailed} / ${p.during.arrived} |`).join('\n')}

| check | result |
|---|---|
| accepted cases | ${accepted.length} |
| at the arrival wait (completed the automated path) | ${driver.arrivedAt.size} |
| **lost** (accepted, not at the arrival wait after ${DRAIN_S} s) | **${lost.length}** |
| ended early (refused, error end) | ${driver.endedEarly.size} |
| **duplicated partner side effects** (simulators' ledgers) | **${ledgers.duplicates.length}** of ${ledgers.effects} effects |
| calls repeated with a known key, answered from the ledger | ${ledgers.replayedCalls} |
| missing BA request / appointment / BVA consultation | ${ledgers.missing.length} |
| cases with two engine instances / notices issued twice | ${once.instances.length} / ${once.notices.length} |
| open incidents | ${incidents} |
| refused starts by status (retried with the same key) | ${[...driver.refusedBy].map(([c, n]) => `${n} × ${c}`).join(', ') || 'none'}; unreachable: ${driver.startErrors} |
| starts answered otherwise (not retried) | ${slotErrors.length} |
| chain latency p50 / p95 / max | ${percentiles(
    driver.latencies().map((ms) => ms / 1000),
    1,
    [0.5, 0.95, 1],
  )} s |

Result: ${ok ? '**0 lost, 0 duplicated**' : '**FAILED**'}.
`);
  for (const e of slotErrors.slice(0, 10)) console.error(`start: ${e}`);
  for (const id of lost.slice(0, 10)) {
    console.error(`lost: ${id}: last seen ${driver.lastSeen.get(id) ?? 'never'}`);
    const diagnosisPool = createPool(benchEnv.DATABASE_URL!, { max: 1, applicationName: 'bench' });
    for (const line of await explainCase(diagnosisPool, id)) console.error(`  ${line}`);
    await diagnosisPool.end();
  }
  for (const d of [
    ...ledgers.duplicates,
    ...ledgers.missing,
    ...once.instances,
    ...once.notices,
  ].slice(0, 20))
    console.error(`check: ${d}`);
  if (!ok) throw new Error('faults: cases lost or side effects duplicated (see above)');
});
