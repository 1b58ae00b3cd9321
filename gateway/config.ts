import { databaseVariables } from '../common/config.js';
import { loadEngineConfig } from '../common/engine.js';
import { loadEnv, port, positiveInt } from '../common/env.js';

/**
 * The gateway's configuration: every variable it reads, in one schema, validated at start
 * (`startServer` loads it before anything else); a bad value stops it with the variable named.
 */
const gatewaySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['AUTH_JWT_SECRET'],
  properties: {
    ...databaseVariables,
    GATEWAY_PORT: port(3000),
    GATEWAY_HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    /** The secret of the development issuer's tokens (HS256). */
    AUTH_JWT_SECRET: { type: 'string', minLength: 1 },
    GATEWAY_DB_CONNECTIONS: positiveInt(20),
    DOCUMENT_MAX_BYTES: positiveInt(10 * 1024 * 1024),
    RATE_LIMIT_PER_MINUTE: positiveInt(1200),
    DEV_SIGN_IN: { type: 'boolean', default: false },
    HISTORY_MAX_AGE_MS: positiveInt(60_000),
    /** `log`: a response that breaks the contract is only logged, not answered 500. */
    OPENAPI_RESPONSE_VALIDATION: { enum: ['strict', 'log'], default: 'strict' },
    /** The production build's web apps (default: `web/` beside the compiled gateway). */
    WEB_ASSETS_DIR: { type: 'string', minLength: 1 },
  },
} as const;

export function loadGatewayConfig(env = process.env) {
  const v = loadEnv(gatewaySchema, env);
  return {
    port: v.GATEWAY_PORT,
    host: v.GATEWAY_HOST,
    databaseUrl: v.DATABASE_URL,
    dbConnections: v.GATEWAY_DB_CONNECTIONS,
    engine: loadEngineConfig('gateway', env),
    authJwtSecret: v.AUTH_JWT_SECRET,
    documentMaxBytes: v.DOCUMENT_MAX_BYTES,
    rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
    devSignIn: v.DEV_SIGN_IN,
    historyMaxAgeMs: v.HISTORY_MAX_AGE_MS,
    failOnResponseViolation: v.OPENAPI_RESPONSE_VALIDATION === 'strict',
    webAssetsDir: v.WEB_ASSETS_DIR,
  };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
