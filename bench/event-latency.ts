/**
 * Event delivery latency (issue 20): from the engine's change to the webhook's receipt, at the
 * chain benchmark's load. The full WSA chain runs as in `wsa-chain.ts` (its own stack, every
 * component its own process, simulators answering at once); before the load, the employer
 * subscribes a receiver in this process to every event of its organisation. Each receipt's
 * latency is its arrival time minus the event's `time` (the engine's time of the change: the
 * newest timestamp of the view change that made the event; the bench engine runs on the wall
 * clock). So it covers the outbox, the projector, the fan-out, the delivery and the signature.
 *
 *   node --import tsx bench/event-latency.ts [chains=300] [inFlight=60] [gateways=1]
 *
 * Prints Markdown for bench/RESULTS.md: p50/p95/p99 over all receipts and per event type,
 * receipts, duplicates (the same webhook-id twice: at-least-once), signatures that failed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../gateway/events/signature.js';
import {
  BENCH_ENGINES,
  BenchRefusal,
  benchCommandPrefix,
  runBench,
  startBenchStack,
} from './support/bench-stack.js';
import {
  ChainDriver,
  chainPorts,
  employerToken,
  gatewayUrl,
  startChainServices,
} from './support/chain.js';
import { machineLine, percentiles } from './support/meter.js';

const CHAINS = Number(process.argv[2] ?? 300);
const IN_FLIGHT = Number(process.argv[3] ?? 60);
const GATEWAYS = Number(process.argv[4] ?? 1);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 2000);
const CHAIN_TIMEOUT_MS = Number(process.env.BENCH_CHAIN_TIMEOUT_MS ?? 300_000);
/** After the last chain, how long to wait for the last webhooks. */
const DRAIN_MS = 30_000;

await runBench(async () => {
  if (!(CHAINS > 0 && IN_FLIGHT > 0 && GATEWAYS >= 1 && GATEWAYS <= 10))
    throw new BenchRefusal('usage: event-latency.ts [chains=300] [inFlight=60] [gateways=1..10]');
  const engines = BENCH_ENGINES;
  await startBenchStack({ engines, deploy: true, ports: chainPorts(GATEWAYS, 1) });
  await startChainServices(GATEWAYS, 1, engines);

  let secret = '';
  const latencies = new Map<string, number[]>();
  const seen = new Set<string>();
  let duplicates = 0;
  let badSignatures = 0;
  let lastReceipt = Date.now();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      res.writeHead(204).end();
      if (!verifyWebhook(secret, req.headers, body).ok) return void badSignatures++;
      const id = String(req.headers['webhook-id']);
      if (seen.has(id)) return void duplicates++;
      seen.add(id);
      const ce = JSON.parse(body) as { type: string; time: string };
      const list = latencies.get(ce.type) ?? [];
      list.push(at - Date.parse(ce.time));
      latencies.set(ce.type, list);
      lastReceipt = at;
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const token = await employerToken();
  const sub = await fetch(`${gatewayUrl(0)}/api/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    }),
  });
  if (sub.status !== 201) throw new Error(`subscription: ${sub.status} ${await sub.text()}`);
  secret = ((await sub.json()) as { secret: string }).secret;

  const driver = new ChainDriver(GATEWAYS, token, POLL_MS);
  console.error(`driving ${CHAINS} chains, ${IN_FLIGHT} in flight, receiving webhooks ...`);
  let started = 0;
  let failed = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, CHAINS) }, async () => {
      while (started < CHAINS) {
        started++;
        const caseId = await driver.start(Date.now() + 60_000);
        if (!(await driver.follow(caseId, Date.now() + CHAIN_TIMEOUT_MS))) failed++;
      }
    }),
  );
  // The last webhooks: until nothing arrived for 5 s (at most DRAIN_MS).
  const drainEnd = Date.now() + DRAIN_MS;
  while (Date.now() < drainEnd && Date.now() - lastReceipt < 5000)
    await new Promise((r) => setTimeout(r, 500));
  const seconds = (Date.now() - t0) / 1000;
  receiver.close();

  const all = [...latencies.values()].flat();
  const rows = [...latencies]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, ms]) => `| ${type} | ${ms.length} | ${percentiles(ms)} |`)
    .join('\n');
  console.log(`### Event delivery latency (${machineLine()})

Command: \`${benchCommandPrefix(engines)}node --import tsx bench/event-latency.ts ${CHAINS} ${IN_FLIGHT} ${GATEWAYS}\` — ${engines} engine node(s), the dispatcher in each of ${GATEWAYS} gateway process(es), one subscription (the employer's organisation, every event).

| ${CHAINS} chains (${failed} failed), ${seconds.toFixed(0)} s | value |
|---|---|
| webhooks received (distinct event ids) | ${seen.size} |
| received twice (at-least-once) / signature refused | ${duplicates} / ${badSignatures} |
| engine change → webhook received, p50 / p95 / p99 | ${percentiles(all)} ms |

| event type | received | p50 / p95 / p99 ms |
|---|---|---|
${rows}
`);
  if (badSignatures > 0) throw new Error(`${badSignatures} webhooks failed verification`);
});
