import { databaseVariables } from '../common/config.js';
import { loadEngineConfig } from '../common/engine.js';
import { loadEnv, port, positiveInt } from '../common/env.js';
import { DEFAULT_DISPATCHER_OPTIONS } from './events/dispatcher.js';

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
    /**
     * Responses against the document: `strict` answers a broken one 500 (tests, local stacks),
     * `log` only logs it, `off` skips the check (production: it costs CPU on every status read).
     */
    OPENAPI_RESPONSE_VALIDATION: { enum: ['strict', 'log', 'off'], default: 'strict' },
    /** The production build's web apps (default: `web/` beside the compiled gateway). */
    WEB_ASSETS_DIR: { type: 'string', minLength: 1 },
    /** `off`: this process sends no webhooks (others do; the test harness starts its own). */
    WEBHOOK_DISPATCHER: { enum: ['on', 'off'], default: 'on' },
    /** The first retry's wait; each further one doubles it. */
    WEBHOOK_RETRY_BASE_MS: positiveInt(DEFAULT_DISPATCHER_OPTIONS.retryBaseMs),
    WEBHOOK_MAX_ATTEMPTS: positiveInt(DEFAULT_DISPATCHER_OPTIONS.maxAttempts),
    /** Local stacks only: receivers on this host or a private network are allowed. */
    WEBHOOK_ALLOW_PRIVATE_URLS: { type: 'boolean', default: false },
    /** How often an open event stream looks for new events, and its heartbeat when quiet. */
    EVENT_STREAM_POLL_MS: positiveInt(250),
    EVENT_STREAM_HEARTBEAT_MS: positiveInt(15_000),
    /**
     * Set only on a sandbox's gateway (docs/sandbox.md): the organisation the sandbox belongs
     * to. Mounts /api/v1/sandbox (the engine's movable clock, which its engine host must have).
     */
    SANDBOX_ORGANISATION: { type: 'string', minLength: 1 },
    /** A sandbox's own simulators (their base URL): /api/v1/sandbox/…/auto-answers set them. */
    SANDBOX_SIMULATORS_URL: { type: 'string', pattern: '^https?://' },
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
    responseValidation: v.OPENAPI_RESPONSE_VALIDATION,
    webAssetsDir: v.WEB_ASSETS_DIR,
    webhooks: {
      dispatcher: v.WEBHOOK_DISPATCHER === 'on',
      retryBaseMs: v.WEBHOOK_RETRY_BASE_MS,
      maxAttempts: v.WEBHOOK_MAX_ATTEMPTS,
    },
    sandboxOrganisation: v.SANDBOX_ORGANISATION,
    sandboxSimulatorsUrl: v.SANDBOX_SIMULATORS_URL,
    /** Settings the running gateway reads on each request (tests change them through `startServer`'s answer). */
    events: {
      allowPrivateWebhookUrls: v.WEBHOOK_ALLOW_PRIVATE_URLS,
      streamPollMs: v.EVENT_STREAM_POLL_MS,
      streamHeartbeatMs: v.EVENT_STREAM_HEARTBEAT_MS,
    },
  };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
