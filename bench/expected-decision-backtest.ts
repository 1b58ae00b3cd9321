/**
 * Back-test of the expected decision date (monitoring/expected-decision.ts) on generated
 * history (monitoring/history-generator.ts): for every case that started in the last 120 days
 * of a generated year, look at it at a random moment of its life, predict from the cases that
 * had ended by then, and compare with when it really ended.
 *
 *   node --import tsx bench/expected-decision-backtest.ts [cases] [seed]
 *
 * Reports per procedure: the absolute error of the expected date in days (median, mean, 90th
 * percentile), how often the real end fell inside the predicted range (10th–90th percentile),
 * and the error of a naive baseline (the procedure's median lead time from the case's start).
 */
import { loadProcedures } from '../processes/registry.js';
import {
  predictDecision,
  toHistoryCase,
  type HistoryCase,
} from '../monitoring/expected-decision.js';
import { generateHistory, seededRandom, snapshotAt } from '../monitoring/history-generator.js';
import { DAY_MS, mean, quantile } from '../monitoring/statistics.js';

const COUNT = Number(process.argv[2] ?? 4000);
const SEED = Number(process.argv[3] ?? 20261124);
const FROM = Date.UTC(2026, 0, 1);

const procedures = loadProcedures();
const cases = generateHistory(COUNT, SEED, FROM);
const history = cases.map((c) => toHistoryCase(c, procedures)!) as HistoryCase[];
const random = seededRandom(SEED + 1);
const testFrom = FROM + 245 * DAY_MS;

const results = new Map<
  string,
  { error: number; inRange: boolean; baseline: number; basis: string }[]
>();
for (let i = 0; i < cases.length; i++) {
  const h = history[i]!;
  if (h.startedAt < testFrom) continue;
  const at = h.startedAt + random() * (h.endedAt - h.startedAt);
  const prediction = predictDecision(snapshotAt(cases[i]!, at), history, procedures, at);
  if (!prediction) continue;
  const leads = history
    .filter((x) => x.procedure === h.procedure && x.endedAt <= at)
    .map((x) => x.endedAt - x.startedAt);
  const baseline = Math.max(at, h.startedAt + quantile(leads, 0.5)!);
  const list = results.get(h.procedure) ?? [];
  list.push({
    error: Math.abs(Date.parse(prediction.expectedAt) - h.endedAt) / DAY_MS,
    inRange:
      Date.parse(prediction.earliest) <= h.endedAt && h.endedAt <= Date.parse(prediction.latest),
    baseline: Math.abs(baseline - h.endedAt) / DAY_MS,
    basis: prediction.basis,
  });
  results.set(h.procedure, list);
}

const r = (x: number | null) => (x === null ? '–' : x.toFixed(2));
console.log(
  `generated cases: ${COUNT} (seed ${SEED}); predicted: cases started in the last 120 days, looked at a random moment of their life\n`,
);
console.log(
  '| procedure | predicted | median abs. error (days) | mean | p90 | real end inside range | baseline median abs. error |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [procedure, list] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
  const errors = list.map((x) => x.error);
  console.log(
    `| ${procedure} | ${list.length} | ${r(quantile(errors, 0.5))} | ${r(mean(errors))} | ${r(quantile(errors, 0.9))} | ${((list.filter((x) => x.inRange).length / list.length) * 100).toFixed(1)} % | ${r(
      quantile(
        list.map((x) => x.baseline),
        0.5,
      ),
    )} |`,
  );
}
