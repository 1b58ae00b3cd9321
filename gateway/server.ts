import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MongoClient } from 'mongodb';
import { loadInfraConfig } from '../common/config.js';
import { envInt, envString } from '../common/env.js';
import { createLogger } from '../common/logger.js';
import { connectMongo } from '../common/mongo.js';
import { EngineClient, loadEngineConfig } from '../common/engine.js';
import { Engine } from './data/engine.js';
import { loadProcedures, type Procedure } from '../processes/registry.js';
import { NoticeStore } from '../common/notices.js';
import { AuditLog } from '../common/audit-log.js';
import { loadOpenApi } from './openapi/document.js';
import { buildOpenApi } from './openapi/build.js';
import { OPENAPI_OPTIONS } from './openapi/options.js';
import { createApp } from './app.js';
import { repositoryContext } from '../processes/model-checks/check-deployment.js';
import { workerCatalogue } from '../workers/registry.js';
import { elementTemplate } from '../workers/element-templates.js';
import { DefinitionsStore } from './data/definitions.js';
import { HistoryCache } from './data/history-cache.js';
import { authConfig } from './auth.js';
import { CasesStore } from './data/cases-store.js';
import { ProjectionReader } from './data/projection-reader.js';
import { DocumentsStore } from './data/documents-store.js';
import { TaskInboxStore } from '../projector/task-inbox.js';
import { InboxCache } from './data/inbox-cache.js';
import { registerProcedureSchemas } from './validation.js';
import { Redis } from 'ioredis';
import { ViewCache } from '../projector/view-cache.js';
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
  const { client, db } = await connectMongo(infra.mongoUrl, infra.mongoDb, 1000);
  const storeHealth = new StoreHealth(client);
  // No retries inside the engine client: a command the engine had already carried out when
  // the connection broke (a start, a message) would be carried out twice. The callers retry
  // instead, with their idempotency keys (and a start asks the engine for its business key).
  const engine = new Engine(new EngineClient(loadEngineConfig()));
  const cases = new CasesStore(db);
  const audit = new AuditLog(db);
  // The projector's view cache. Commands fail at once while Redis is away, and after 50 ms
  // when it hangs: the status then reads the store instead of waiting.
  const redis = new Redis(infra.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 50,
  });
  redis.on('error', (err: Error) =>
    log.debug('view cache: redis unavailable, reading the store', { error: err.message }),
  );
  await redis.connect().catch(() => undefined); // ioredis keeps reconnecting by itself
  const projection = new ProjectionReader(db, new ViewCache(redis));
  await cases.ensureIndexes();
  // Party lists for cases created before there were any: once, behind the running gateway.
  void cases
    .ensurePartyLists()
    .then((r) => r && log.info('party case lists built from the case records', r))
    .catch((err: unknown) =>
      log.error('party case lists not built; tried again at the next start', {
        error: (err as Error).message,
      }),
    );
  const app = createApp({
    db,
    engine,
    procedures,
    cases,
    projection,
    notices: new NoticeStore(db),
    audit,
    documents: new DocumentsStore(db),
    inboxes: new InboxCache(new TaskInboxStore(db)),
    documentMaxBytes: envInt('DOCUMENT_MAX_BYTES', 10 * 1024 * 1024),
    auth,
    log,
    // The committed document, or one built with the extra procedures' start endpoints.
    openapi:
      extraProcedures.length === 0
        ? loadOpenApi()
        : (buildOpenApi(procedures, OPENAPI_OPTIONS) as ReturnType<typeof loadOpenApi>),
    rateLimitPerMinute: envInt('RATE_LIMIT_PER_MINUTE', 1200),
    devSignIn: envString('DEV_SIGN_IN', 'false') === 'true',
    definitions: new DefinitionsStore(engine),
    storeHealth,
    history: new HistoryCache(projection, procedures, envInt('HISTORY_MAX_AGE_MS', 60_000)),
    elementTemplates: once(() => workerCatalogue().map(elementTemplate)),
    modelContext: once(() =>
      repositoryContext(
        procedures,
        workerCatalogue().map((w) => w.type),
      ),
    ),
    ready: async () => {
      await db.command({ ping: 1 });
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
      await stopServer(server, client, audit);
      redis.disconnect();
    },
  };
}

async function stopServer(
  server: Server,
  client: MongoClient,
  audit: AuditLog,
): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections?.();
  // The last answers' audit entries are written, and the chain closed, before the store goes.
  await audit.close().catch(() => undefined);
  await client.close();
}

/** The value of `make()`, computed on first use. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}
