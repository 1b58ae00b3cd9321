import type { ErrorRequestHandler } from 'express';
import type { ErrorObject } from 'ajv';
import type { Logger } from '../common/logger.js';
import { isStoreUnavailable } from '../common/db.js';

/**
 * The one error type of the gateway. Every failure leaves as an RFC 9457 problem
 * (application/problem+json) whose `errors` name the field (JSON pointer) and the reason.
 */
export interface FieldError {
  field: string;
  reason: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    /** More members of the problem document (RFC 9457 extensions), e.g. a list of reasons. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  static badRequest(detail: string, errors?: FieldError[]) {
    return new Problem(400, 'invalid-request', 'The request is invalid', detail, errors);
  }
  static unauthorized(detail: string) {
    return new Problem(401, 'unauthenticated', 'Authentication required', detail, undefined, {
      'www-authenticate': 'Bearer',
    });
  }
  static forbidden(detail: string) {
    return new Problem(403, 'forbidden', 'Not allowed', detail);
  }
  static notFound(detail: string) {
    return new Problem(404, 'not-found', 'Not found', detail);
  }
  static conflict(code: string, detail: string, headers?: Record<string, string>) {
    return new Problem(
      409,
      code,
      'Conflict with the current state of the case',
      detail,
      undefined,
      headers,
    );
  }
  static unavailable(detail: string, retryAfterSeconds: number) {
    return new Problem(503, 'unavailable', 'Temporarily unavailable', detail, undefined, {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

/** Maps ajv errors to field errors: `/jobOffer/weeklyHours` + "must be <= 60". */
export function fieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  return (errors ?? []).map((e) => {
    let field = `${prefix}${e.instancePath}`;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') field = `${field}/${String(params.missingProperty)}`;
    if (e.keyword === 'additionalProperties')
      field = `${field}/${String(params.additionalProperty)}`;
    const reason =
      e.keyword === 'additionalProperties' ? 'is not a known field' : (e.message ?? 'is invalid');
    return { field: field || '/', reason };
  });
}

export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let problem: Problem;
    if (err instanceof Problem) problem = err;
    else if (err?.type === 'entity.parse.failed')
      problem = Problem.badRequest('The body is not valid JSON', [
        { field: '/', reason: 'malformed JSON' },
      ]);
    else if (err?.type === 'entity.too.large')
      problem = new Problem(
        413,
        'too-large',
        'Request body too large',
        `The body exceeds ${err.limit} bytes`,
      );
    else if (isStoreUnavailable(err))
      problem = Problem.unavailable('The case store is not reachable; try again.', 5);
    else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported')
      problem = new Problem(
        415,
        'unsupported-encoding',
        'Unsupported encoding',
        String(err.message),
      );
    else if (typeof err?.code === 'string' && err.code.startsWith('Z_') && err?.status === 400)
      // body-parser: the body does not decompress as its Content-Encoding says.
      problem = Problem.badRequest('The body could not be decompressed', [
        { field: 'header:Content-Encoding', reason: 'the body does not decompress as declared' },
      ]);
    else if (err?.expose === true && err.status >= 400 && err.status < 500)
      // Any other refusal of the body by the parsers (http-errors, meant to be shown).
      problem = new Problem(err.status, 'bad-body', 'The body cannot be read', String(err.message));
    else {
      log.error('unhandled error', {
        requestId: res.locals.requestId,
        path: req.path,
        error: (err as Error)?.stack ?? String(err),
      });
      problem = new Problem(
        500,
        'internal',
        'Internal error',
        'The request could not be processed; it has been logged.',
      );
    }
    res
      .status(problem.status)
      .set({ 'content-type': 'application/problem+json', ...problem.headers })
      .json({
        type: `https://wsa.example/problems/${problem.code}`,
        title: problem.title,
        status: problem.status,
        ...(problem.detail ? { detail: problem.detail } : {}),
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...problem.extensions,
        instance: req.originalUrl,
        requestId: res.locals.requestId,
      });
  };
}
