import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The workers' Prometheus metrics: jobs handled by type and outcome, and how long a job took
 * from activation to its outcome. One registry per process (served on WORKERS_METRICS_PORT).
 */
export const workerRegistry = new Registry();

export const jobsHandled = new Counter({
  name: 'wsa_worker_jobs_total',
  help: 'Jobs handled, by job type and outcome (completed, bpmn_error, retry, incident, not_reported)',
  labelNames: ['type', 'outcome'] as const,
  registers: [workerRegistry],
});

export const jobDuration = new Histogram({
  name: 'wsa_worker_job_duration_seconds',
  help: 'Time from fetch-and-lock to the outcome reported to the engine, by topic',
  labelNames: ['type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [workerRegistry],
});
