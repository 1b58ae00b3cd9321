import { httpUrl, loadEnv, port } from '../common/env.js';

/**
 * The simulators' configuration: every variable they read, in one schema, validated at start
 * (`simulators/main.ts` loads it first); a bad value stops them with the variable named.
 * With GATEWAY_URL and AUTH_JWT_SECRET both set they answer through the gateway by themselves.
 */
const simulatorsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    SIMULATORS_PORT: port(4010),
    SIMULATORS_HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    GATEWAY_URL: httpUrl,
    AUTH_JWT_SECRET: { type: 'string', minLength: 1 },
  },
} as const;

export function loadSimulatorsConfig(env = process.env) {
  const v = loadEnv(simulatorsSchema, env);
  return {
    port: v.SIMULATORS_PORT,
    host: v.SIMULATORS_HOST,
    gatewayUrl: v.GATEWAY_URL,
    authJwtSecret: v.AUTH_JWT_SECRET,
  };
}
