import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadInfraConfig } from '../common/config.js';
import { ConfigError, envInt, envString } from '../common/env.js';
import { createLogger } from '../common/logger.js';
import { createPool, type Pool } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { EngineClient, loadEngineConfig } from '../common/engine.js';
import { Engine } from './data/engine.js';
import { loadProcedures, type Procedure } from '../processes/registry.js';
import { NoticeStore } from '../common/notices.js';
import { AuditLog } from '../common/audit-log.js';
import { loadOpenApi } from './openapi/document.js';
import { buildOpenApi } from './openapi/build.js';
import { OPENAPI_OPTIONS } from './openapi/options.js';
import { createApp } from './app.js';
import { RESPONSE_VALIDATION_MODES, type ResponseValidation } from './openapi/validator.js';
import { repositoryContext } from '../processes/model-checks/check-deployment.js';
import { workerCatalogue } from '../workers/registry.js';
import { elementTemplate } from '../workers/element-templates.js';
import { DefinitionsStore } from './data/definitions.js';
import { HistoryCache } from './data/history-cache.js';
import { CaseFactsReader } from './data/case-facts-reader.js';
import { authConfig } from './auth.js';
import { CasesStore } from './data/cases-store.js';
import { ProjectionReader } from './data/projection-reader.js';
import { DocumentsStore } from './data/documents-store.js';
import { TaskInboxStore } from '../read-model/task-inbox.js';
import { registerProcedureSchemas } from './validation.js';
import { StoreHealth } from './store-health.js';

export interface RunningGateway {
  url: string;
  stop: () => Promise<void>;
}

/** Starts the gateway with configuration from the environment (validated here, at start). */
export async function startServer(
  port = envInt('GATEWAY_PORT', 3000),
  host = envString('GATEWAY_HOST', '127.0.0.1'),
  /** More procedures than the repository's (benchmarks start synthetic ones). */
  extraProcedures: Procedure[] = [],
): Promise<RunningGateway> {
  const log = createLogger('gateway');
  const infra = loadInfraConfig();
  const auth = authConfig(envString('AUTH_JWT_SECRET'));
  const procedures = loadProcedures();
  for (const p of extraProcedures) procedures.set(p.procedure, p);
  registerProcedureSchemas(procedures);
  const responseValidation = envString('OPENAPI_RESPONSE_VALIDATION', 'strict');
  if (!RESPONSE_VALIDATION_MODES.includes(responseValidation as ResponseValidation))
    throw new ConfigError(
      `environment variable OPENAPI_RESPONSE_VALIDATION must be one of ${RESPONSE_VALIDATION_MODES.join(', ')}, got "${responseValidation}"`,
    );
  await migrateStore(infra.databaseUrl);
  const pool = createPool(infra.databaseUrl, {
    max: envInt('GATEWAY_DB_CONNECTIONS', 20),
    applicationName: 'gateway',
  });
  const storeHealth = new StoreHealth(pool);
  // No retries inside the engine client: a command the engine had already carried out when
  // the connection broke (a start, a message) would be carried out twice. The callers retry
  // instead, with their idempotency keys (and a start asks the engine for its business key).
  const engine = new Engine(new EngineClient(loadEngineConfig()));
  const cases = new CasesStore(pool);
  const audit = new AuditLog(pool);
  const projection = new ProjectionReader(pool);
  const app = createApp({
    engine,
    procedures,
    cases,
    projection,
    notices: new NoticeStore(pool),
    audit,
    documents: new DocumentsStore(pool),
    inboxes: new TaskInboxStore(pool),
    documentMaxBytes: envInt('DOCUMENT_MAX_BYTES', 10 * 1024 * 1024),
    auth,
    log,
    // The committed document, or one built with the extra procedures' start endpoints.
    openapi:
      extraProcedures.length === 0
        ? loadOpenApi()
        : (buildOpenApi(procedures, OPENAPI_OPTIONS) as ReturnType<typeof loadOpenApi>),
    rateLimitPerMinute: envInt('RATE_LIMIT_PER_MINUTE', 1200),
    responseValidation: responseValidation as ResponseValidation,
    devSignIn: envString('DEV_SIGN_IN', 'false') === 'true',
    definitions: new DefinitionsStore(engine),
    storeHealth,
    facts: new CaseFactsReader(pool),
    history: new HistoryCache(
      new CaseFactsReader(pool),
      procedures,
      envInt('HISTORY_MAX_AGE_MS', 60_000),
    ),
    elementTemplates: once(() => workerCatalogue().map(elementTemplate)),
    modelContext: once(() =>
      repositoryContext(
        procedures,
        workerCatalogue().map((w) => w.type),
      ),
    ),
    ready: async () => {
      await pool.query('select 1');
      await engine.ping();
      return true;
    },
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, host, () => resolve(s));
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  log.info('gateway listening', { url, procedures: [...procedures.keys()] });
  return {
    url,
    stop: async () => {
      storeHealth.stop();
      await stopServer(server, pool, audit);
    },
  };
}

async function stopServer(server: Server, pool: Pool, audit: AuditLog): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections?.();
  // The last answers' audit entries are written, and the chain closed, before the store goes.
  await audit.close().catch(() => undefined);
  await pool.end();
}

/** The value of `make()`, computed on first use. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}
