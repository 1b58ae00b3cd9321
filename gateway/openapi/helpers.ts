/**
 * The small pieces every part of the OpenAPI document is written with, so a path module says
 * what an operation takes and answers, not how OpenAPI spells it. Each helper returns the
 * exact shape the document has always had: the committed openapi.json does not move.
 */
export type Schema = Record<string, unknown>;
/** The document's paths: path → method → operation. */
export type Paths = Record<string, Record<string, Operation>>;
export type Operation = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
export const str: Schema = { type: 'string' };
export const dateTime: Schema = { type: 'string', format: 'date-time' };
export const uuid: Schema = { type: 'string', format: 'uuid' };
/** A string matching one of the patterns of `ids.ts`. */
export const matching = (pattern: string): Schema => ({ type: 'string', pattern });

/** A free-text filter in a query (a procedure, an account, an error type). */
export const filterText: Schema = { type: 'string', maxLength: 100 };
/** How many rows a list answers at most: 1 to 500. */
export const pageLimit: Schema = { type: 'integer', minimum: 1, maximum: 500 };
/** A count in a query (rows to skip, minutes): a whole number up to 9,999,999. */
export const queryCount: Schema = { type: 'integer', minimum: 0, maximum: 9_999_999 };
/** A yes-or-no filter in a query: `true` or `false`. */
export const queryFlag: Schema = { type: 'boolean' };

/** An object that takes no other properties: what the gateway answers and accepts. */
export const closedObject = (required: string[], properties: Record<string, Schema>): Schema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
/** `{ "<key>": [items] }`: how every list is answered. */
export const listOf = (key: string, items: Schema): Schema =>
  closedObject([key], { [key]: { type: 'array', items } });

export const json = (schema: Schema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
/**
 * Written once: 201 the first time, 200 with the same thing when it was there already (a
 * document, an authenticity check, a grant), so a retried request is safe.
 */
export const createdOnce = (schema: Schema, created: string, existing: string) => ({
  '201': json(schema, created),
  '200': json(schema, existing),
});
export const jsonBody = (schema: Schema, required = true) => ({
  required,
  content: { 'application/json': { schema } },
});

/** Documents travel as the file itself: the same three types in and out. */
const file: Schema = { type: 'string', format: 'binary' };
export const fileContent = {
  'application/pdf': { schema: file },
  'image/png': { schema: file },
  'image/jpeg': { schema: file },
};

export const pathParam = (name: string, schema: Schema, description?: string) => ({
  name,
  in: 'path',
  required: true,
  ...(description === undefined ? {} : { description }),
  schema,
});
/**
 * A query parameter. Its value may carry reserved characters as they are (`allowReserved`): a
 * deployed version's key has colons (`?from=model:1:<UUID>`), an account an `@`, and callers
 * have always sent them unencoded.
 */
export const queryParam = (
  name: string,
  schema: Schema,
  { required = false, description }: { required?: boolean; description?: string } = {},
) => ({
  name,
  in: 'query',
  required,
  ...(description === undefined ? {} : { description }),
  allowReserved: true,
  schema,
});

const PROBLEM_STATUSES: Record<string, string> = {
  '400': 'The request is invalid: `errors` names each field (JSON pointer) and why',
  '401': 'No valid bearer token',
  '403': 'The caller may see the case but not do this',
  '404': 'Unknown, or not visible to the caller',
  '409': 'Conflicts with the current state of the case',
  '413': 'Body too large',
  '415': 'Unsupported content type or encoding',
  '422': 'Idempotency key reused with a different body',
  '429': 'Too many requests; retry after the `Retry-After` seconds',
  '503': 'A dependency is unavailable; retry after the `Retry-After` seconds',
};

/** A problem answer (RFC 9457) whose meaning is this operation's own. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

/** The problem answers of an operation, each with its usual meaning. */
export function problems(...statuses: string[]): Record<string, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, problem(PROBLEM_STATUSES[s]!)]));
}

/**
 * A path parameter that does not match its pattern (a malformed case id, task key, ...) is a
 * 400 naming `path:<name>`: every operation with path parameters lists it, whether or not its
 * module remembered to.
 */
export function answerMalformedPathParameters(paths: Paths): Paths {
  return Object.fromEntries(
    Object.entries(paths).map(([path, methods]) => [
      path,
      Object.fromEntries(
        Object.entries(methods).map(([method, operation]) => {
          const parameters = (operation.parameters ?? []) as { in: string }[];
          const responses = operation.responses as Record<string, unknown>;
          if (!parameters.some((p) => p.in === 'path') || responses['400'])
            return [method, operation];
          const sorted = Object.entries({ ...responses, ...problems('400') }).sort(([a], [b]) =>
            a.localeCompare(b),
          );
          return [method, { ...operation, responses: Object.fromEntries(sorted) }];
        }),
      ),
    ]),
  );
}
