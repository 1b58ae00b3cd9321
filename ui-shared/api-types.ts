import type { components, operations } from '../gateway/openapi/api-types.js';

/**
 * The API's types for the web apps, generated from the OpenAPI document
 * (`gateway/openapi/api-types.ts`, written by openapi-typescript): a web app never writes
 * the shape of an answer by hand and never imports the gateway's code, so the contract is
 * the one source both sides are checked against.
 */

/** A named schema of the document (`components.schemas`). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** An operation of the document, by its `operationId`. */
export type OperationId = keyof operations;

type JsonContent<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body an operation answers with this status (200 unless named). */
export type Answer<
  Op extends OperationId,
  Status extends keyof operations[Op]['responses'] = 200 extends keyof operations[Op]['responses']
    ? 200
    : keyof operations[Op]['responses'],
> = JsonContent<operations[Op]['responses'][Status]>;

/** The JSON body an operation takes. */
export type RequestBody<Op extends OperationId> = JsonContent<
  NonNullable<operations[Op]['requestBody']>
>;

type ProblemContent<R> = R extends { content: { 'application/problem+json': infer Body } }
  ? Body
  : never;

/** The problem document an operation answers with this 4xx/5xx status (some add fields). */
export type ProblemAnswer<
  Op extends OperationId,
  Status extends keyof operations[Op]['responses'],
> = ProblemContent<operations[Op]['responses'][Status]>;

/** The problem document of every 4xx/5xx answer (RFC 9457 with `errors: [{field, reason}]`). */
export type Problem = Schema<'Problem'>;
