import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { Logger } from '../../common/logger.js';

/**
 * A job worker is declared once, with its job type, the JSON Schemas of what it reads and
 * writes, and a handler. The handler's every path ends in a JobOutcome (complete or BPMN
 * error) or throws: the runner maps throws to fail-with-retry or incident in one place
 * (see outcomes.ts), so handlers contain no engine calls at all.
 */

export interface JobContext {
  jobKey: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  retries: number;
  /**
   * Stable across retries and redeliveries of this task activation: pass it to every
   * partner system so a retried job never causes a second side effect.
   */
  idempotencyKey: string;
  log: Logger;
}

export type JobOutcome<Out> =
  | { kind: 'complete'; variables: Out }
  | { kind: 'bpmnError'; errorCode: string; message: string; variables?: Record<string, unknown> };

export interface WorkerDefinition<In = Record<string, unknown>, Out = Record<string, unknown>> {
  /** The external task topic (`camunda:topic`) this worker serves. Exactly one worker per topic. */
  type: string;
  /** One line for process owners (shown in element templates). */
  description: string;
  /** JSON Schema of the variables the handler reads; only its top-level properties are fetched. */
  inputSchema: object;
  /** JSON Schema of the variables the handler writes. */
  outputSchema: object;
  /** The external task's lock: how long the engine waits before giving it to another worker. */
  timeoutMs: number;
  /** Attempts before an incident: the runner counts them down with back-off (the engine keeps no default). */
  retries: number;
  /** Business errors this worker may throw (BPMN error codes), for the model to catch. */
  bpmnErrorCodes?: string[];
  handler: (input: In, ctx: JobContext) => Promise<JobOutcome<Out>>;
}

export function complete<Out>(variables: Out): JobOutcome<Out> {
  return { kind: 'complete', variables };
}

export function bpmnError(
  errorCode: string,
  message: string,
  variables?: Record<string, unknown>,
): JobOutcome<never> {
  return { kind: 'bpmnError', errorCode, message, variables };
}

/**
 * Declares a worker. Its input and output types are its schemas' (json-schema-to-ts
 * `FromSchema`), never written beside them: the schemas are `as const` objects built from
 * the procedures' JSON Schemas, whose literal types TypeScript sees through the generated
 * `*.schema.d.json.ts` beside each (`npm run schema-types`).
 */
export function defineWorker<const I extends object, const O extends object>(
  def: Omit<WorkerDefinition<SchemaType<I>, SchemaType<O>>, 'inputSchema' | 'outputSchema'> & {
    inputSchema: I;
    outputSchema: O;
  },
): WorkerDefinition<SchemaType<I>, SchemaType<O>> {
  return def as WorkerDefinition<SchemaType<I>, SchemaType<O>>;
}

/** The type of the values a schema accepts. */
export type SchemaType<S> = S extends JSONSchema ? FromSchema<S> : never;
