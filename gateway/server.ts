import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGatewayConfig, type GatewayConfig } from './config.js';
import { createLogger } from '../common/logger.js';
import { createPool, type Pool } from '../common/db.js';
import { migrateStore } from '../store/migrate.js';
import { EngineClock } from './data/engine-clock.js';
import { EngineClient } from '../common/engine.js';
import { Engine } from './data/engine.js';
import { loadProcedures, type Procedure } from '../processes/registry.js';
import { NoticeStore } from '../common/notices.js';
import { AuditLog } from '../common/audit-log.js';
import { loadOpenApi } from './openapi/document.js';
import { buildOpenApi } from './openapi/build.js';
import { OPENAPI_OPTIONS } from './openapi/options.js';
import { createApp } from './app.js';
import { closeEventStreams } from './routes/events.js';
import { repositoryContext } from '../processes/model-checks/check-deployment.js';
import { workerCatalogue } from '../workers/registry.js';
import { elementTemplate } from '../workers/element-templates.js';
import { DefinitionsStore } from './data/definitions.js';
import { ModelDraftsStore } from './data/model-drafts-store.js';
import { HistoryCache } from './data/history-cache.js';
import { CaseFactsReader } from './data/case-facts-reader.js';
import { authConfig } from './auth.js';
import { CasesStore } from './data/cases-store.js';
import { ProjectionReader } from './data/projection-reader.js';
import { DocumentsStore } from './data/documents-store.js';
import { PersonalDataStore } from './data/personal-data-store.js';
import { TaskInboxStore } from '../read-model/task-inbox.js';
import { registerProcedureSchemas } from './validation.js';
import { StoreHealth } from './store-health.js';
import { CaseEventsReader } from './data/case-events-reader.js';
import { SandboxesStore } from './data/sandboxes-store.js';
import { WebhooksStore } from './data/webhooks-store.js';
import { DEFAULT_DISPATCHER_OPTIONS, WebhookDispatcher } from './events/dispatcher.js';

export interface RunningGateway {
  url: string;
  stop: () => Promise<void>;
  /** The event settings the app reads on each request (a test may shorten the heartbeat). */
  events: GatewayConfig['events'];
}

/** Starts the gateway with configuration from the environment (validated here, at start). */
export async function startServer(
  port?: number,
  host?: string,
  /** More procedures than the repository's (benchmarks start synthetic ones). */
  extraProcedures: Procedure[] = [],
): Promise<RunningGateway> {
  const config = loadGatewayConfig();
  const log = createLogger('gateway');
  const auth = authConfig(config.authJwtSecret);
  const procedures = loadProcedures();
  for (const p of extraProcedures) procedures.set(p.procedure, p);
  registerProcedureSchemas(procedures);
  await migrateStore(config.databaseUrl);
  const pool = createPool(config.databaseUrl, {
    max: config.dbConnections,
    applicationName: 'gateway',
  });
  const storeHealth = new StoreHealth(pool);
  // No retries inside the engine client: a command the engine had already carried out when
  // the connection broke (a start, a message) would be carried out twice. The callers retry
  // instead, with their idempotency keys (and a start asks the engine for its business key).
  const engine = new Engine(new EngineClient(config.engine));
  const cases = new CasesStore(pool);
  const audit = new AuditLog(pool);
  const projection = new ProjectionReader(pool);
  // Webhooks are sent from every gateway process (they share the work through PostgreSQL);
  // WEBHOOK_DISPATCHER=off leaves it to others (the test harness starts its own).
  const dispatcher = !config.webhooks.dispatcher
    ? undefined
    : new WebhookDispatcher(pool, { cases, procedures, projection }, log, {
        ...DEFAULT_DISPATCHER_OPTIONS,
        retryBaseMs: config.webhooks.retryBaseMs,
        maxAttempts: config.webhooks.maxAttempts,
      });
  const app = createApp({
    engine,
    procedures,
    cases,
    projection,
    notices: new NoticeStore(pool),
    audit,
    documents: new DocumentsStore(pool),
    personalData: new PersonalDataStore(pool),
    inboxes: new TaskInboxStore(pool),
    caseEvents: new CaseEventsReader(pool),
    webhooks: new WebhooksStore(pool),
    sandboxes: new SandboxesStore(pool),
    events: config.events,
    documentMaxBytes: config.documentMaxBytes,
    auth,
    log,
    // The committed document, or one built with the extra procedures' start endpoints.
    openapi:
      extraProcedures.length === 0
        ? loadOpenApi()
        : (buildOpenApi(procedures, OPENAPI_OPTIONS) as ReturnType<typeof loadOpenApi>),
    rateLimitPerMinute: config.rateLimitPerMinute,
    devSignIn: config.devSignIn,
    ...(config.sandboxOrganisation === undefined
      ? {}
      : {
          sandbox: {
            organisation: config.sandboxOrganisation,
            ...(config.sandboxSimulatorsUrl === undefined
              ? {}
              : { simulatorsUrl: config.sandboxSimulatorsUrl.replace(/\/$/, '') }),
            clock: new EngineClock(
              config.engine.restUrl.replace(/\/engine-rest$/, ''),
              config.engine,
            ),
          },
        }),
    responseValidation: config.responseValidation,
    ...(config.webAssetsDir === undefined ? {} : { webAssetsDir: config.webAssetsDir }),
    definitions: new DefinitionsStore(engine),
    modelDrafts: new ModelDraftsStore(pool),
    storeHealth,
    facts: new CaseFactsReader(pool),
    history: new HistoryCache(new CaseFactsReader(pool), procedures, config.historyMaxAgeMs),
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
    const s = app.listen(port ?? config.port, host ?? config.host, () => resolve(s));
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host ?? config.host}:${address.port}`;
  log.info('gateway listening', { url, procedures: [...procedures.keys()] });
  dispatcher?.start();
  return {
    url,
    events: config.events,
    stop: async () => {
      storeHealth.stop();
      await dispatcher?.stop();
      closeEventStreams(app);
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
