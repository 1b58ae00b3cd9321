/**
 * The full WSA chain under load (issue 15, item 8): Blue Card applications through the
 * gateway, the automated path — route decision (DMN), BA approval, the mission's lodging, the
 * BVA's security check, the visa decision and its notice — with the partner simulators
 * answering at once through the API (auto-answer, no delay), until the case waits for the
 * arrival. Everything runs as its own process, as deployed: PostgreSQL, the engine node(s),
 * simulators, projector, M worker and N gateway processes (the driver spreads its requests
 * over the gateways; with several engine nodes, each gateway and worker process talks to its
 * own node: gateway i to node i mod E, workers j to node (j + 1) mod E).
 *
 *   node --import tsx bench/wsa-chain.ts [chains=600] [inFlight=60] [workers=1] [gateways=1]
 *   BENCH_ENGINES=3 node --import tsx bench/wsa-chain.ts 600 60 2 2    (3 engine nodes)
 *
 * Target: ≥ 5.6 completed chains per second (Germany's ~485,000 national visa applications a
 * year in one day). Starts its own stack (bench/support/bench-stack.ts). Prints Markdown for
 * bench/RESULTS.md.
 */
import { createPool } from '../common/db.js';
import {
  BENCH_ENGINES,
  BenchRefusal,
  benchCommandPrefix,
  benchInfraPids,
  benchEnv,
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
  gatewayNode,
  startChainServices,
  workersNode,
} from './support/chain.js';
import { machineLine, Meter, percentiles, usageTable } from './support/meter.js';

const CHAINS = Number(process.argv[2] ?? 600);
const IN_FLIGHT = Number(process.argv[3] ?? 60);
const WORKERS = Number(process.argv[4] ?? 1);
const GATEWAYS = Number(process.argv[5] ?? 1);
/** How often the driver asks a chain's status, like a portal page refreshing. */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 2000);
/** A chain not at the arrival wait this long after its start fails the run. */
const CHAIN_TIMEOUT_MS = Number(process.env.BENCH_CHAIN_TIMEOUT_MS ?? 300_000);

await runBench(async () => {
  if (!(
    CHAINS > 0 &&
    IN_FLIGHT > 0 &&
    WORKERS >= 1 &&
    WORKERS <= 10 &&
    GATEWAYS >= 1 &&
    GATEWAYS <= 10
  ))
    throw new BenchRefusal(
      'usage: wsa-chain.ts [chains=600] [inFlight=60] [workers=1..10] [gateways=1..10]',
    );
  const engines = BENCH_ENGINES;
  await startBenchStack({ engines, deploy: true, ports: chainPorts(GATEWAYS, WORKERS) });
  await startChainServices(GATEWAYS, WORKERS, engines);
  const driver = new ChainDriver(GATEWAYS, await employerToken(), POLL_MS);

  const meter = new Meter([
    ...benchInfraPids(engines).map(([name, pid]) => ({ name, pid, tree: name === 'postgres' })),
    ...services.all().map((s) => ({ name: s.name, pid: s.pid })),
    { name: 'bench driver', pid: process.pid },
  ]);
  console.error(`driving ${CHAINS} chains, ${IN_FLIGHT} in flight ...`);
  const doneAt: number[] = [];
  const failed: string[] = [];
  let started = 0;
  const t0 = Date.now();
  const progress = setInterval(
    () => console.error(`  ... ${doneAt.length} of ${CHAINS} chains done, ${failed.length} failed`),
    10_000,
  );
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, CHAINS) }, async () => {
      while (started < CHAINS) {
        started++;
        const caseId = await driver.start(Date.now() + 60_000);
        if (await driver.follow(caseId, Date.now() + CHAIN_TIMEOUT_MS))
          doneAt.push(Date.now() - t0);
        else
          failed.push(`${caseId}: ${driver.endedEarly.get(caseId) ?? driver.lastSeen.get(caseId)}`);
      }
    }),
  );
  clearInterval(progress);
  const seconds = (Date.now() - t0) / 1000;
  const usage = meter.stop();

  // Sustained: the middle of the run, without the ramp-up and the tail.
  const sorted = [...doneAt].sort((a, b) => a - b);
  const lo = Math.floor(sorted.length * 0.2);
  const hi = Math.floor(sorted.length * 0.8);
  const sustained =
    hi > lo && sorted[hi]! > sorted[lo]! ? (hi - lo) / ((sorted[hi]! - sorted[lo]!) / 1000) : NaN;
  const ledgers = await checkLedgers([...driver.arrivedAt.keys()]);
  const pool = createPool(benchEnv.DATABASE_URL!, { max: 1, applicationName: 'bench' });
  const once = await checkOnce(pool);
  await pool.end();

  const placement =
    engines > 1
      ? ` Gateways on engine nodes ${Array.from({ length: GATEWAYS }, (_, i) => gatewayNode(i, engines)).join(', ')}; workers on ${Array.from({ length: WORKERS }, (_, j) => workersNode(j, engines)).join(', ')}.`
      : '';
  console.log(`### Full WSA chain (${machineLine()})

Command: \`${benchCommandPrefix(engines)}node --import tsx bench/wsa-chain.ts ${CHAINS} ${IN_FLIGHT} ${WORKERS} ${GATEWAYS}\` — ${engines} engine node(s), status polled every ${POLL_MS} ms per chain.${placement}

| ${CHAINS} chains, ${IN_FLIGHT} in flight, ${WORKERS} worker / ${GATEWAYS} gateway processes | value |
|---|---|
| chains at the arrival wait | ${doneAt.length} (${failed.length} failed) |
| completed chains per second, whole run | ${(doneAt.length / seconds).toFixed(2)} (${seconds.toFixed(0)} s) |
| completed chains per second, sustained (20th–80th percentile of completions) | ${sustained.toFixed(2)} (target ≥ 5.6) |
| chain latency (start → seen waiting for arrival) p50 / p95 / p99 | ${percentiles(
    driver.latencies().map((ms) => ms / 1000),
    1,
  )} s |
| starts refused and retried (503/409) / status requests failed | ${driver.startRefusals + driver.startErrors} / ${driver.statusFailures} |
| partner side effects / duplicated / calls answered from a ledger | ${ledgers.effects} / ${ledgers.duplicates.length} / ${ledgers.replayedCalls} |
| cases with two instances / notices issued twice | ${once.instances.length} / ${once.notices.length} |

${usageTable(usage)}
`);
  for (const f of failed.slice(0, 10)) console.error(`failed: ${f}`);
  for (const d of [...ledgers.duplicates, ...once.instances, ...once.notices].slice(0, 10))
    console.error(`duplicate: ${d}`);
  if (failed.length > 0) throw new Error(`${failed.length} chains did not reach the arrival wait`);
});
