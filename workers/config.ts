import { databaseVariables, metricsHostVariable, partnerUrls } from '../common/config.js';
import { loadEngineConfig } from '../common/engine.js';
import { loadEnv, port, positiveInt } from '../common/env.js';

/**
 * The workers' configuration: every variable they read, in one schema (the partners' URLs
 * and the engine account from `common/`), validated at start (`startWorkers` loads it before
 * anything else); a bad value stops them with the variable named.
 */
const workersSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...databaseVariables,
    /** How long to wait before asking again after a failed fetch (the engine restarting). */
    WORKER_BACKLOG_POLL_MS: positiveInt(5000),
    /** 0: no /metrics endpoint (the tests read the registry). */
    WORKERS_METRICS_PORT: port(0),
    /** How often the erasure job looks for data past its retention period (privacy/). */
    ERASURE_INTERVAL_MS: positiveInt(60 * 60 * 1000),
    ...metricsHostVariable,
    /** How the AZR is spoken to: JSON (the simulator's own API) or XAusländer-shaped XML. */
    PARTNER_AZR_FORMAT: { enum: ['json', 'xauslaender'], default: 'json' },
  },
} as const;

export function loadWorkersConfig(env = process.env) {
  const v = loadEnv(workersSchema, env);
  return {
    databaseUrl: v.DATABASE_URL,
    engine: loadEngineConfig('workers', env),
    partners: partnerUrls(env),
    azrFormat: v.PARTNER_AZR_FORMAT,
    backlogPollMs: v.WORKER_BACKLOG_POLL_MS,
    metricsPort: v.WORKERS_METRICS_PORT,
    erasureIntervalMs: v.ERASURE_INTERVAL_MS,
    metricsHost: v.METRICS_HOST,
  };
}
