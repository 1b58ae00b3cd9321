import { databaseVariables, metricsHostVariable } from '../common/config.js';
import { loadEnv, port, positiveInt } from '../common/env.js';

/**
 * The projector's configuration: every variable it reads, in one schema, validated at start
 * (`startProjector` loads it before anything else); a bad value stops it with the variable named.
 */
const projectorSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...databaseVariables,
    /** The cursor's name in the store: one projection per consumer. */
    PROJECTOR_CONSUMER: { type: 'string', minLength: 1, default: 'wsa-read-model' },
    PROJECTOR_BATCH_SIZE: positiveInt(1000),
    PROJECTOR_IDLE_MS: positiveInt(50),
    PROJECTOR_OUTBOX_KEEP_HOURS: positiveInt(24),
    /** 0: no /metrics endpoint (the tests read the registry). */
    PROJECTOR_METRICS_PORT: port(0),
    ...metricsHostVariable,
  },
} as const;

export function loadProjectorConfig(env = process.env) {
  const v = loadEnv(projectorSchema, env);
  return {
    databaseUrl: v.DATABASE_URL,
    consumer: v.PROJECTOR_CONSUMER,
    batchSize: v.PROJECTOR_BATCH_SIZE,
    idleMs: v.PROJECTOR_IDLE_MS,
    outboxKeepMs: v.PROJECTOR_OUTBOX_KEEP_HOURS * 3_600_000,
    metricsPort: v.PROJECTOR_METRICS_PORT,
    metricsHost: v.METRICS_HOST,
  };
}
