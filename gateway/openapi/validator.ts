import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../../common/logger.js';
import { Problem, fieldErrors, type FieldError } from '../problem.js';

/**
 * Validates every request and every response of the gateway against the OpenAPI document,
 * so the document cannot drift from the code: a request that does not match its operation
 * gets a 400 naming the fields; a response that does not match (or a status the operation
 * does not document) is a bug — it is logged and, in strict mode (the default), replaced by
 * a 500 so tests fail on it.
 */
interface Parameter {
  name: string;
  in: 'path' | 'header' | 'query';
  required?: boolean;
  schema: object;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

interface CompiledOperation {
  method: string;
  template: string;
  regex: RegExp;
  pathParams: string[];
  operation: Operation;
  pointer: string;
}

const DOC_ID = 'https://wsa.example/openapi.json';

const escapePointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly operations: CompiledOperation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Response contract violations seen (tests and /metrics read it). */
  violations = 0;

  constructor(
    doc: { paths: Record<string, Record<string, Operation>> },
    private readonly log: Logger,
    private readonly strictResponses = true,
  ) {
    addFormats.default(this.ajv);
    this.ajv.addSchema({ ...doc, $id: DOC_ID });
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
        const pattern = template
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
          .join('([^/]+)');
        this.operations.push({
          method: method.toUpperCase(),
          template,
          regex: new RegExp(`^${pattern}$`),
          pathParams,
          operation,
          pointer: `#/paths/${escapePointer(template)}/${method}`,
        });
      }
    }
    // Literal segments win over parameters: /messages/visa-decision before /{caseId}.
    this.operations.sort((a, b) => a.pathParams.length - b.pathParams.length);
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.compiled.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `${DOC_ID}${pointer}` });
      this.compiled.set(pointer, v);
    }
    return v;
  }

  find(
    method: string,
    path: string,
  ): { op: CompiledOperation; params: Record<string, string> } | undefined {
    for (const op of this.operations) {
      if (op.method !== method) continue;
      const m = op.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.pathParams.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { op, params };
    }
    return undefined;
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      const found = this.find(req.method, req.path);
      if (!found) return next();
      const { op, params } = found;
      res.locals.operationId = op.operation.operationId;
      this.checkResponses(res, op);
      const errors: FieldError[] = [];
      (op.operation.parameters ?? []).forEach((p, i) => {
        const value =
          p.in === 'path'
            ? params[p.name]
            : p.in === 'header'
              ? req.get(p.name)
              : req.query[p.name];
        const field = p.in === 'path' ? `path:${p.name}` : `${p.in}:${p.name}`;
        if (value === undefined) {
          if (p.required) errors.push({ field, reason: 'is required' });
          return;
        }
        const validate = this.validator(`${op.pointer}/parameters/${i}/schema`);
        if (!validate(value))
          errors.push(...fieldErrors(validate.errors).map((e) => ({ field, reason: e.reason })));
      });
      if (errors.some((e) => e.field.startsWith('path:')))
        // A malformed id is the caller's mistake, not a missing resource: 400 naming it.
        return next(
          Problem.badRequest(
            `The path of ${op.operation.operationId} has a malformed parameter`,
            dedupe(errors.filter((e) => e.field.startsWith('path:'))),
          ),
        );
      const body = op.operation.requestBody;
      if (body && !body.content['application/json']) {
        // A file upload: the content type must be one the operation takes, and not empty.
        const type = req.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
        if (!Object.keys(body.content).includes(type))
          return next(
            new Problem(
              415,
              'unsupported-media-type',
              'Unsupported media type',
              `Send one of: ${Object.keys(body.content).join(', ')}`,
              [
                {
                  field: 'header:Content-Type',
                  reason: `must be one of ${Object.keys(body.content).join(', ')}`,
                },
              ],
            ),
          );
        if (!Buffer.isBuffer(req.body) || req.body.length === 0)
          errors.push({ field: '/', reason: 'the file is empty' });
      } else if (body) {
        const media = body.content['application/json'];
        if (req.body === undefined || req.body === null) {
          if (body.required) errors.push({ field: '/', reason: 'a JSON body is required' });
        } else if (media) {
          const validate = this.validator(
            `${op.pointer}/requestBody/content/application~1json/schema`,
          );
          if (!validate(req.body)) errors.push(...fieldErrors(validate.errors));
        }
      }
      if (errors.length > 0)
        return next(
          Problem.badRequest(
            `The request does not match ${op.operation.operationId}`,
            dedupe(errors),
          ),
        );
      next();
    };
  }

  /** Wraps res.json so the body is checked against the documented response. */
  private checkResponses(res: Response, op: CompiledOperation): void {
    const original = res.json.bind(res);
    res.json = (body: unknown) => {
      const status = String(res.statusCode);
      const documented = op.operation.responses[status];
      let problem: string | undefined;
      if (!documented) problem = `status ${status} is not documented`;
      else {
        const type = Object.keys(documented.content ?? {})[0];
        if (type) {
          const validate = this.validator(
            `${op.pointer}/responses/${status}/content/${escapePointer(type)}/schema`,
          );
          if (!validate(body))
            problem = fieldErrors(validate.errors)
              .map((e) => `${e.field} ${e.reason}`)
              .join('; ');
        }
      }
      if (problem === undefined || (res.statusCode >= 500 && !documented)) {
        if (problem) this.report(op, status, problem, res);
        return original(body);
      }
      this.report(op, status, problem, res);
      if (!this.strictResponses) return original(body);
      res.status(500).set('content-type', 'application/problem+json');
      return original({
        type: 'https://wsa.example/problems/response-contract-violation',
        title: 'Internal error',
        status: 500,
        detail: 'The response did not match the API document; it has been logged.',
        requestId: res.locals.requestId,
      });
    };
  }

  private report(op: CompiledOperation, status: string, problem: string, res: Response): void {
    this.violations += 1;
    this.log.error('response does not match the OpenAPI document', {
      requestId: res.locals.requestId,
      operationId: op.operation.operationId,
      status,
      problem,
    });
  }
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.field}|${e.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
