import { httpUrl, loadEnv, port, readEnv } from './env.js';
import { PARTNERS, partnerUrlVariable, perPartner, type Partner } from './partners.js';

/**
 * The variables several components read, declared once; each component's `config.ts` puts
 * the ones it needs into its own schema and is validated at start (`env.ts`).
 */

/** The PostgreSQL database of the engine's outbox, the read model and the gateway's records. */
export const databaseVariables = {
  DATABASE_URL: {
    type: 'string',
    pattern: '^postgres(ql)?://',
    description: 'must be a postgres:// URL',
    default: 'postgres://wsa:wsa-local-development@127.0.0.1:5433/wsa',
  },
} as const;

/** Where a component without an HTTP API of its own serves /metrics and /health. */
export const metricsHostVariable = {
  METRICS_HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
} as const;

/** Where the infrastructure is. Every component reads the same variables. */
export interface InfraConfig {
  /** The PostgreSQL database of the engine's outbox, the read model and the gateway's records. */
  databaseUrl: string;
}

export function loadInfraConfig(env = process.env): InfraConfig {
  const v = loadEnv(
    { type: 'object', additionalProperties: false, properties: databaseVariables },
    env,
  );
  return { databaseUrl: v.DATABASE_URL };
}

const simulatorsPortSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { SIMULATORS_PORT: port(4010) },
} as const;

/**
 * Every partner system's base URL (common/partners.ts): `PARTNER_<NAME>_URL`, by default its
 * simulator on SIMULATORS_PORT, under its own path.
 */
export function partnerUrls(env = process.env): Record<Partner, string> {
  const simulatorsPort: number = loadEnv(simulatorsPortSchema, env).SIMULATORS_PORT;
  const urls = readEnv(
    {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        PARTNERS.map((p) => [
          partnerUrlVariable(p),
          { ...httpUrl, default: `http://127.0.0.1:${simulatorsPort}/${p}` },
        ]),
      ),
    },
    env,
  );
  return perPartner((p) => String(urls[partnerUrlVariable(p)]));
}
