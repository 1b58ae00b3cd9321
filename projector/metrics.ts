import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The projector's Prometheus metrics: records applied, batch time, and lag — how far the read
 * model is behind the engine (now minus the timestamp of the newest record applied).
 */
export const projectorRegistry = new Registry();

export const recordsApplied = new Counter({
  name: 'wsa_projector_records_applied_total',
  help: 'Exported engine records applied to the read model',
  registers: [projectorRegistry],
});

export const batchDuration = new Histogram({
  name: 'wsa_projector_batch_duration_seconds',
  help: 'Time to apply one batch of records (views, inboxes, definitions)',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [projectorRegistry],
});

let newestRecordAt = 0;
export function recordApplied(timestamp: number): void {
  if (timestamp > newestRecordAt) newestRecordAt = timestamp;
}

export const lag = new Gauge({
  name: 'wsa_projector_lag_seconds',
  help: 'Now minus the engine timestamp of the newest record applied (0 before the first)',
  registers: [projectorRegistry],
  collect() {
    this.set(newestRecordAt === 0 ? 0 : Math.max(0, (Date.now() - newestRecordAt) / 1000));
  },
});
