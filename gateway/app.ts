import express from 'express';
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Logger } from '../common/logger.js';
import type { UserTaskEngine, ZeebeGrpcClient } from '../common/zeebe.js';
import type { Procedure } from '../processes/registry.js';
import type { NoticeStore } from '../common/notices.js';
import { authenticate, type AuthConfig } from './auth.js';
import { CasesStore } from './data/cases-store.js';
import { ProjectionReader } from './data/projection-reader.js';
import { Problem, problemHandler } from './problem.js';
import { casesRouter } from './routes/cases.js';
import { OpenApiValidator } from './openapi/validator.js';
import { docsRouter } from './openapi/docs-page.js';

export interface GatewayDeps {
  db: Db;
  zeebe: ZeebeGrpcClient;
  userTasks: UserTaskEngine;
  procedures: Map<string, Procedure>;
  cases: CasesStore;
  projection: ProjectionReader;
  notices: NoticeStore;
  auth: AuthConfig;
  log: Logger;
  /** Answers /ready: true when the store and the engine respond. */
  ready: () => Promise<boolean>;
  /** The OpenAPI document every request and response is checked against. */
  openapi: { paths: Record<string, Record<string, never>> } & Record<string, unknown>;
}

export function createApp(deps: GatewayDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  // A request id in every response and log line.
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    res.locals.requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.set('x-request-id', res.locals.requestId);
    const started = Date.now();
    res.on('finish', () =>
      deps.log.info('request', {
        requestId: res.locals.requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Date.now() - started,
      }),
    );
    next();
  });

  app.use('/api', docsRouter(deps.openapi));
  app.use(
    '/api/v1',
    express.json({
      limit: '256kb',
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
  );
  app.use('/api/v1', authenticate(deps.auth));
  // After parsing and authentication, before any route: requests and responses against the document.
  app.use(
    new OpenApiValidator(
      deps.openapi,
      deps.log,
      process.env.OPENAPI_RESPONSE_VALIDATION !== 'log',
    ).middleware(),
  );
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    const ok = await deps.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready' });
  });
  app.use('/api/v1', casesRouter(deps));
  app.use((req, _res, next) => next(Problem.notFound(`No endpoint ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  return app;
}
