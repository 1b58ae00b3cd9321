import * as openapiValidator from 'express-openapi-validator';
import { createRequire } from 'node:module';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../common/logger.js';
import { Problem, type FieldError } from '../problem.js';

/**
 * Every request, and in the test profile every response, is checked against the OpenAPI
 * document by express-openapi-validator (OpenAPI 3.1 with ajv's JSON Schema 2020-12). This
 * module only sets it up and keeps the project's rules:
 *
 * - only documented operations are checked; anything else goes on to the routes (an unknown
 *   procedure or message is their 404, an unknown path the final 404);
 * - a request that does not match answers 400 with `errors` naming each field as before:
 *   `/jobOffer/weeklyHours` in the body, `path:caseId`, `query:limit`, `header:Idempotency-Key`;
 *   a malformed path parameter is the caller's mistake, not a missing resource: 400 naming
 *   only it;
 * - a JSON operation sent no JSON is a 400 (`/`: a JSON body is required), a file upload of
 *   a type it does not take a 415 naming `header:Content-Type`;
 * - a response that does not match, or a status the operation does not list, is logged and
 *   counted; `strict` answers 500 instead (tests), `log` sends it as it was, `off` checks no
 *   response.
 */
export type ResponseValidation = 'strict' | 'log' | 'off';
export const RESPONSE_VALIDATION_MODES: readonly ResponseValidation[] = ['strict', 'log', 'off'];

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
}

/** What express-openapi-validator leaves on the request it matched to an operation. */
type MatchedRequest = Request & { openapi?: { schema?: Operation } };

/** A refusal by express-openapi-validator (its HttpError). */
interface ValidatorError {
  status: number;
  message: string;
  errors?: { path: string; message: string; errorCode?: string }[];
}

/** Set on res.locals when the response broke the document (strict mode replaces it). */
const VIOLATION = 'responseContractViolation';

export class OpenApiValidation {
  /** Response contract violations seen (tests and /metrics read it). */
  violations = 0;
  /** Header parameters by their lower-case name, as the document spells them. */
  private readonly headerNames = new Map<string, string>();

  constructor(
    private readonly doc: { paths: Record<string, Record<string, unknown>> },
    private readonly log: Logger,
    private readonly responses: ResponseValidation = 'strict',
  ) {
    for (const methods of Object.values(doc.paths))
      for (const operation of Object.values(methods) as Operation[])
        for (const p of operation.parameters ?? [])
          if (p.in === 'header') this.headerNames.set(p.name.toLowerCase(), p.name);
  }

  /** The middleware to mount after authentication and body parsing, before the routes. */
  middleware(): (RequestHandler | ErrorRequestHandler)[] {
    cacheRouteMatchers();
    const library = openapiValidator.middleware({
      apiSpec: this.doc as never,
      validateApiSpec: true,
      // The procedures' schemas point into each other (`ba-approval.start/properties/applicant`):
      // the library compiles each component on its own and cannot follow such a pointer, so
      // every reference is resolved in the document it is given.
      $refParser: { mode: 'dereference' },
      // Only what the document describes; the routes answer the rest (404 for the unknown).
      ignoreUndocumented: true,
      validateRequests: {
        allErrors: true,
        // An extra query parameter was always ignored (a UI's cache buster breaks nothing).
        allowUnknownQueryParameters: true,
      },
      validateResponses:
        this.responses === 'off'
          ? false
          : { allErrors: true, onError: (err, _body, req) => this.violation(err, req) },
      // Who calls is checked before (gateway/auth.ts): before any body is read.
      validateSecurity: false,
      // Files come as the body itself (express.raw), never as multipart.
      fileUploader: false,
      // date-time, date, email, uri as ajv-formats checks them fully.
      ajvFormats: { mode: 'full' },
    }) as RequestHandler[];
    return [
      ...(this.responses === 'strict' ? [replaceViolatingResponses()] : []),
      // A HEAD is checked as the GET it is answered by (Express routes it there).
      ...library.map(asGetWhenHead),
      ((req, res, next) => {
        res.locals.operationId = (req as MatchedRequest).openapi?.schema?.operationId;
        next();
      }) as RequestHandler,
      this.problems(),
    ];
  }

  /** express-openapi-validator's refusals as the project's problems. */
  private problems(): ErrorRequestHandler {
    return (err, req, res, next) => {
      if (!isValidatorError(err)) return next(err);
      const operation = (req as MatchedRequest).openapi?.schema;
      res.locals.operationId = operation?.operationId;
      next(this.problemFor(err, operation));
    };
  }

  private problemFor(err: ValidatorError, operation: Operation | undefined): Problem {
    const name = operation?.operationId ?? 'the operation';
    if (err.status === 415) {
      const types = Object.keys(operation?.requestBody?.content ?? {});
      if (types.includes('application/json'))
        return Problem.badRequest(`${name} takes a JSON body`, [
          operation?.requestBody?.required
            ? { field: '/', reason: 'a JSON body is required' }
            : { field: 'header:Content-Type', reason: 'must be application/json' },
        ]);
      return new Problem(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        `Send one of: ${types.join(', ')}`,
        [{ field: 'header:Content-Type', reason: `must be one of ${types.join(', ')}` }],
      );
    }
    if (err.status !== 400)
      return new Problem(err.status, 'invalid-request', 'The request is invalid', err.message);
    if (!err.errors?.length)
      return Problem.badRequest(`The request does not match ${name}`, [
        { field: '/', reason: err.message },
      ]);
    const errors = dedupe(err.errors.map((e) => this.fieldError(e)));
    const path = errors.filter((e) => e.field.startsWith('path:'));
    return path.length > 0
      ? Problem.badRequest(`The path of ${name} has a malformed parameter`, path)
      : Problem.badRequest(`The request does not match ${name}`, errors);
  }

  /** `/body/jobOffer` → `/jobOffer`, `/params/caseId` → `path:caseId`, and so on. */
  private fieldError(e: { path: string; message: string; errorCode?: string }): FieldError {
    const [, part = '', ...rest] = e.path.split('/');
    const keyword = e.errorCode?.split('.')[0];
    const pointer = rest.length > 0 ? `/${rest.join('/')}` : '/';
    if (part === 'body') {
      if (keyword === 'required' && rest.length === 0)
        return { field: '/', reason: 'a JSON body is required' };
      const reason =
        keyword === 'additionalProperties' || keyword === 'unevaluatedProperties'
          ? 'is not a known field'
          : e.message;
      return { field: pointer, reason };
    }
    const name = decodePointer(rest[0] ?? '');
    const reason = keyword === 'required' ? 'is required' : e.message;
    if (part === 'params') return { field: `path:${name}`, reason };
    if (part === 'query') return { field: `query:${name}`, reason };
    if (part === 'headers')
      return { field: `header:${this.headerNames.get(name) ?? name}`, reason };
    return { field: e.path || '/', reason };
  }

  private violation(err: { message: string }, req: Request): void {
    this.violations += 1;
    const res = req.res!;
    this.log.error('response does not match the OpenAPI document', {
      requestId: res.locals.requestId,
      operationId: (req as MatchedRequest).openapi?.schema?.operationId,
      status: String(res.statusCode),
      problem: err.message,
    });
    res.locals[VIOLATION] = true;
  }
}

/**
 * Strict mode: a response the validator found broken leaves as a 500 problem instead. It
 * wraps res.json before express-openapi-validator does, so it sees the body after the check.
 */
function replaceViolatingResponses(): RequestHandler {
  return (_req, res, next) => {
    const send = res.json.bind(res) as Response['json'];
    res.json = (body: unknown) => {
      if (!res.locals[VIOLATION]) return send(body);
      res.status(500).set('content-type', 'application/problem+json');
      return send({
        type: 'https://wsa.example/problems/response-contract-violation',
        title: 'Internal error',
        status: 500,
        detail: 'The response did not match the API document; it has been logged.',
        requestId: res.locals.requestId,
      });
    };
    next();
  };
}

/**
 * express-openapi-validator 5.6 finds a request's operation by compiling path-to-regexp
 * matchers for the document's routes anew on every request (about 0.15 ms of CPU for each
 * status request here). Until it keeps them itself (its pull request #1217 does), the
 * compiled matcher of each route is kept: path-to-regexp is a pure function of the route and
 * the two routing flags the library passes, and the library only reads what it returns.
 */
let matchersCached = false;
function cacheRouteMatchers(): void {
  if (matchersCached) return;
  matchersCached = true;
  const fromLibrary = createRequire(
    createRequire(import.meta.url).resolve('express-openapi-validator'),
  );
  const pathToRegexpModule = fromLibrary('path-to-regexp') as {
    pathToRegexp: (path: string, options?: Record<string, unknown>) => unknown;
  };
  const compile = pathToRegexpModule.pathToRegexp;
  const cache = new Map<string, unknown>();
  pathToRegexpModule.pathToRegexp = (path, options) => {
    const keys = Object.keys(options ?? {});
    // Only the library's own calls: a route string and the two routing flags.
    if (typeof path !== 'string' || keys.some((k) => k !== 'sensitive' && k !== 'strict'))
      return compile(path, options);
    const key = `${options?.sensitive === true}|${options?.strict === true}|${path}`;
    let matcher = cache.get(key);
    if (matcher === undefined) {
      matcher = compile(path, options);
      if (cache.size < 10_000) cache.set(key, matcher);
    }
    return matcher;
  };
}

function asGetWhenHead(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'HEAD') return handler(req, res, next);
    req.method = 'GET';
    let restored = false;
    const restore = () => {
      if (!restored) req.method = 'HEAD';
      restored = true;
    };
    try {
      handler(req, res, (err?: unknown) => {
        restore();
        next(err);
      });
    } catch (err) {
      restore();
      next(err);
    }
  };
}

function isValidatorError(err: unknown): err is ValidatorError {
  if (!err || typeof err !== 'object') return false;
  const e = err as Record<string, unknown>;
  return (
    Object.values(openapiValidator.error).some((type) => err instanceof type) &&
    typeof e.status === 'number'
  );
}

const decodePointer = (s: string) => s.replaceAll('~1', '/').replaceAll('~0', '~');

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.field}|${e.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
