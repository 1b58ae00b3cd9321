import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { loadSharedSchemas, type Procedure } from '../processes/registry.js';
import { Problem, fieldErrors } from './problem.js';

/** One ajv instance for every schema the gateway checks (procedure contracts). */
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const cache = new WeakMap<object, ValidateFunction>();

/**
 * Makes every schema of every procedure known by its $id, so one procedure's schema can
 * reference another's ($ref) instead of copying it.
 */
export function registerProcedureSchemas(procedures: Map<string, Procedure>): void {
  const schemas = [
    ...loadSharedSchemas(),
    ...[...procedures.values()].flatMap((p) => [
      p.startSchema,
      ...Object.values(p.messages).map((m) => m.schema),
      ...Object.values(p.tasks).map((t) => t.schema),
    ]),
  ];
  for (const schema of schemas) {
    const id = (schema as { $id?: string }).$id;
    if (id && !ajv.getSchema(id)) ajv.addSchema(schema);
  }
}

export function validatorFor(schema: object): ValidateFunction {
  let v = cache.get(schema);
  if (!v) {
    // A schema shared by several procedures is one schema, known by its $id.
    const id = (schema as { $id?: string }).$id;
    v = (id && ajv.getSchema(id)) || ajv.compile(schema);
    cache.set(schema, v);
  }
  return v;
}

/** Throws a 400 problem naming every invalid field. */
export function assertValid(schema: object, data: unknown, what: string): void {
  const validate = validatorFor(schema);
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw Problem.badRequest(`${what} must be a JSON object`, [
      { field: '/', reason: 'must be object' },
    ]);
  }
  if (!validate(data))
    throw Problem.badRequest(`${what} does not match its schema`, fieldErrors(validate.errors));
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export function idempotencyKey(header: string | undefined, required: boolean): string | undefined {
  if (header === undefined) {
    if (required)
      throw Problem.badRequest('An Idempotency-Key header is required', [
        { field: 'header:Idempotency-Key', reason: 'is required' },
      ]);
    return undefined;
  }
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw Problem.badRequest('Invalid Idempotency-Key header', [
      {
        field: 'header:Idempotency-Key',
        reason: 'must be 8-128 characters of A-Z a-z 0-9 . _ : -',
      },
    ]);
  }
  return header;
}
