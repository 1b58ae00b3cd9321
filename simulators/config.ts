import { ConfigError, httpUrl, loadEnv, port } from '../common/env.js';

/**
 * The simulators' configuration: every variable they read, in one schema, validated at start
 * (`simulators/main.ts` loads it first); a bad value stops them with the variable named.
 * With GATEWAY_URL and AUTH_JWT_SECRET both set they answer through the gateway by themselves.
 * SIMULATORS_CLOCK=engine: their dates follow the engine host's movable test clock (the test
 * stack's, a sandbox's; simulators/clock.ts), read with ENGINE_URL, ENGINE_USER, ENGINE_PASSWORD.
 */
const simulatorsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    SIMULATORS_PORT: port(4010),
    SIMULATORS_HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    GATEWAY_URL: httpUrl,
    AUTH_JWT_SECRET: { type: 'string', minLength: 1 },
    SIMULATORS_CLOCK: { type: 'string', enum: ['wall', 'engine'], default: 'wall' },
    ENGINE_URL: httpUrl,
    ENGINE_USER: { type: 'string', minLength: 1 },
    ENGINE_PASSWORD: { type: 'string', minLength: 1 },
  },
} as const;

export function loadSimulatorsConfig(env = process.env) {
  const v = loadEnv(simulatorsSchema, env);
  if (v.SIMULATORS_CLOCK === 'engine')
    for (const name of ['ENGINE_URL', 'ENGINE_USER', 'ENGINE_PASSWORD'] as const)
      if (!v[name])
        throw new ConfigError(
          `environment variable ${name} is required with SIMULATORS_CLOCK=engine`,
        );
  return {
    port: v.SIMULATORS_PORT,
    host: v.SIMULATORS_HOST,
    gatewayUrl: v.GATEWAY_URL,
    authJwtSecret: v.AUTH_JWT_SECRET,
    clock: v.SIMULATORS_CLOCK,
    engineUrl: v.ENGINE_URL,
    engineUser: v.ENGINE_USER,
    enginePassword: v.ENGINE_PASSWORD,
  };
}
