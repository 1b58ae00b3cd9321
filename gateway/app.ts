import express from 'express';
import type { GatewayDeps } from './deps.js';
import { randomUUID } from 'node:crypto';
import { runWithRequestId } from '../common/request-context.js';
import { authenticate, type Principal } from './auth.js';
import { Problem, problemHandler, type FieldError } from './problem.js';
import { refuseWhenUnrecorded } from './store-health.js';
import { casesRouter } from './routes/cases.js';
import { documentsRouter } from './routes/documents.js';
import { grantsRouter } from './routes/grants.js';
import { tasksRouter } from './routes/tasks.js';
import { deploymentsRouter } from './routes/deployments.js';
import { modelsRouter } from './routes/models.js';
import { modelDraftsRouter } from './routes/model-drafts.js';
import { operationsRouter } from './routes/operations.js';
import { OpenApiValidation } from './openapi/validator.js';
import { docsRouter } from './openapi/docs-page.js';
import { webAppsRouter } from './ui/web-apps.js';
import { devSignInRouter } from './routes/dev-sign-in.js';
import { GatewayMetrics } from './metrics.js';
import { rateLimit } from './rate-limit.js';
import { profileCompletion, profileRouter } from './routes/profiles.js';
import { personalDataRouter } from './routes/personal-data.js';
import { eventsRouter } from './routes/events.js';
import { inboundRouter } from './routes/inbound.js';
import { sandboxesRouter } from './routes/sandboxes.js';
import { sandboxRouter } from './routes/sandbox.js';
import { webhooksRouter } from './routes/webhooks.js';

export function createApp(deps: GatewayDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  const validator = new OpenApiValidation(deps.openapi, deps.log, deps.responseValidation);
  const metrics = new GatewayMetrics(() => validator.violations);
  app.use(metrics.middleware());

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
    // Everything logged while serving this request carries its id.
    runWithRequestId(String(res.locals.requestId), next);
  });

  app.use(hardening());
  app.use('/api', docsRouter(deps.openapi));
  app.use(webAppsRouter(deps.log, deps.webAssetsDir));
  if (deps.devSignIn) app.use('/dev', devSignInRouter(deps.auth));
  // Who is calling, before any body is read: a stranger's large or broken body is never parsed.
  app.use('/api/v1', authenticate(deps.auth));
  app.use('/api/v1', refuseWhenUnrecorded(deps));
  // The caseworkers seen are the members of their authority's group (task assignment).
  app.use('/api/v1', (_req, res, next) => {
    deps.cases.staff.remember(res.locals.principal as Principal).then(() => next(), next);
  });
  app.use('/api/v1', auditTrail(deps, metrics));
  app.use('/api/v1', rateLimit(deps.rateLimitPerMinute));
  // Models are larger than any other request: their own limit, parsed before the general one.
  app.use('/api/v1/deployments', express.json({ limit: '4mb', strict: true }));
  app.use('/api/v1/models/decisions/evaluate', express.json({ limit: '2mb', strict: true }));
  app.use(
    '/api/v1',
    express.json({
      limit: '256kb',
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
  );
  app.use(
    '/api/v1',
    express.raw({
      limit: deps.documentMaxBytes,
      type: ['application/pdf', 'image/png', 'image/jpeg'],
    }),
  );
  // XAusländer-shaped messages of the authorities' own systems (routes/inbound.ts).
  app.use(
    '/api/v1/xauslaender',
    express.text({ limit: '256kb', type: ['application/xml', 'text/xml'] }),
  );
  app.use('/api/v1', refuseControlCharacters());
  // Once-only: an applicant's known data fills their application before it is checked.
  app.use('/api/v1', profileCompletion(deps));
  // After parsing and authentication, before any route: requests and responses against the document.
  app.use(...validator.middleware());
  app.use('/api/v1', profileRouter(deps));
  app.get('/metrics', metrics.handler());
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    const ok = await deps.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready' });
  });
  app.use('/api/v1', casesRouter(deps));
  app.use('/api/v1', documentsRouter(deps));
  app.use('/api/v1', grantsRouter(deps));
  app.use('/api/v1', personalDataRouter(deps));
  app.use('/api/v1', tasksRouter(deps));
  app.use('/api/v1', deploymentsRouter(deps));
  app.use('/api/v1', modelDraftsRouter(deps));
  app.use('/api/v1', modelsRouter(deps));
  app.use('/api/v1', operationsRouter(deps));
  app.use('/api/v1', webhooksRouter(deps));
  app.use('/api/v1', eventsRouter(deps));
  app.use('/api/v1', inboundRouter(deps));
  if (deps.sandbox) app.use('/api/v1', sandboxRouter(deps, deps.sandbox));
  // Sandboxes are asked for at the platform's gateway, not inside one.
  else app.use('/api/v1', sandboxesRouter(deps));
  app.use((req, _res, next) => next(Problem.notFound(`No endpoint ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  return app;
}

/**
 * Headers for every answer: no MIME sniffing anywhere; nothing of the API (personal data,
 * tokens) kept in a cache; TRACE (which echoes the request, credentials included) refused.
 */
function hardening(): express.RequestHandler {
  return (req, res, next) => {
    res.set('x-content-type-options', 'nosniff');
    if (req.path.startsWith('/api/') || req.path.startsWith('/dev/'))
      res.set('cache-control', 'no-store');
    if (req.method === 'TRACE')
      return next(
        new Problem(
          405,
          'method-not-allowed',
          'Method not allowed',
          'TRACE is not served',
          undefined,
          {
            allow: 'GET, HEAD, POST, PUT, DELETE',
          },
        ),
      );
    next();
  };
}

/**
 * NUL and the bidirectional embedding, override and isolate controls (U+202A–U+202E,
 * U+2066–U+2069) have no place in a name or any other text of a request: a partner system
 * would store or show something other than what its reader sees. 400 naming each field.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000\u202A-\u202E\u2066-\u2069]/;

export function controlCharacterErrors(value: unknown, at = ''): FieldError[] {
  if (typeof value === 'string')
    return CONTROL_CHARACTERS.test(value) ? [{ field: at || '/', reason: CONTROL_REASON }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => controlCharacterErrors(v, `${at}/${i}`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => {
      const field = `${at}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      return CONTROL_CHARACTERS.test(k)
        ? [{ field, reason: CONTROL_REASON }]
        : controlCharacterErrors(v, field);
    });
  return [];
}
const CONTROL_REASON = 'must not contain NUL or bidirectional control characters';

function refuseControlCharacters(): express.RequestHandler {
  return (req, _res, next) => {
    // The query too: a document's file name comes as ?name=.
    const errors = Object.entries(req.query).flatMap(([name, value]) =>
      controlCharacterErrors(value).map((e) => ({ ...e, field: `query:${name}` })),
    );
    if (!Buffer.isBuffer(req.body)) errors.push(...controlCharacterErrors(req.body));
    if (errors.length > 0)
      return next(Problem.badRequest('The request contains characters that are refused', errors));
    next();
  };
}

const CASE_IN_PATH = /\/cases\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

/** The case a call concerns: in its path, or the one it created. */
function caseOf(path: string, created: unknown): { caseId?: string } {
  const id = CASE_IN_PATH.exec(path)?.[1] ?? (typeof created === 'string' ? created : undefined);
  return id ? { caseId: id } : {};
}

/**
 * Every authenticated API call leaves an audit entry when its answer is sent: who, what
 * (the operation), which case, and the outcome. A failure to write is logged as an error.
 */
function auditTrail(
  deps: Pick<GatewayDeps, 'audit' | 'log' | 'storeHealth'>,
  metrics: GatewayMetrics,
): express.RequestHandler {
  return (req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (principal) {
      res.on('finish', () => {
        deps.audit
          .append({
            actor: {
              subject: principal.subject,
              role: principal.role,
              ...(principal.authority ? { authority: principal.authority } : {}),
              ...(principal.organisation ? { organisation: principal.organisation } : {}),
            },
            action: String(res.locals.operationId ?? `${req.method} ${req.baseUrl}${req.path}`),
            method: req.method,
            path: `${req.baseUrl}${req.path}`,
            status: res.statusCode,
            ...caseOf(req.path, res.locals.caseId),
            requestId: String(res.locals.requestId),
          })
          .catch((err: Error) => {
            deps.storeHealth?.report(err);
            metrics.auditWriteFailures.inc();
            deps.log.error('audit entry not written', {
              requestId: res.locals.requestId,
              error: err.message,
            });
          });
      });
    }
    next();
  };
}
