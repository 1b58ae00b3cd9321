import type { ErrorObject } from 'ajv';
import { BadDataError, TransientError } from './errors.js';

/**
 * The one place where what happened in a handler becomes a command to the engine:
 *   business outcome   -> complete / BPMN error (modelled as a boundary event)
 *   transient failure  -> fail with retries - 1 and exponential back-off
 *   bad input / output -> fail with retries 0: an incident an operator must resolve
 */
export type EngineCommand =
  | { command: 'complete'; variables: Record<string, unknown> }
  | {
      command: 'throwError';
      errorCode: string;
      errorMessage: string;
      variables: Record<string, unknown>;
    }
  | { command: 'fail'; retries: number; retryBackOffMs: number; errorMessage: string };

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/** Back-off grows with the attempts already used: 1 s, 2 s, 4 s ... capped at 5 min. */
export function backoffMs(attemptsUsed: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attemptsUsed));
}

export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'missingProperty' in e.params ? ` (${String(e.params.missingProperty)})` : ''}`,
    )
    .join('; ');
}

export function commandForThrown(
  err: unknown,
  retries: number,
  modelledRetries: number,
): EngineCommand {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof BadDataError) {
    return { command: 'fail', retries: 0, retryBackOffMs: 0, errorMessage: `bad data: ${message}` };
  }
  const remaining = Math.max(0, retries - 1);
  const attemptsUsed = Math.max(0, modelledRetries - retries);
  const retryBackOffMs =
    err instanceof TransientError && err.retryAfterMs !== undefined
      ? err.retryAfterMs
      : backoffMs(attemptsUsed);
  return {
    command: 'fail',
    retries: remaining,
    retryBackOffMs: remaining > 0 ? retryBackOffMs : 0,
    errorMessage: message,
  };
}
