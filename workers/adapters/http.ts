/**
 * The HTTP call every partner adapter makes: JSON in and out, a hard timeout, an
 * idempotency key, and the error classes the worker runner understands.
 */
import { BadDataError, PartnerRefusal, TransientError } from '../framework/errors.js';
import { recordTransfer } from './transfers.js';

export interface PartnerCall {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
  idempotencyKey?: string;
  timeoutMs: number;
  /** How the body and the answer travel: JSON unless said (an XML standard: `xauslaender.ts`). */
  wire?: Wire;
}

export interface Wire {
  contentType: string;
  encode: (body: unknown) => string;
  decode: (text: string) => unknown;
}

const JSON_WIRE: Wire = {
  contentType: 'application/json',
  encode: (body) => JSON.stringify(body),
  decode: (text) => (text ? JSON.parse(text) : {}),
};

export async function callPartner<T>(call: PartnerCall): Promise<T> {
  const wire = call.wire ?? JSON_WIRE;
  let res: Response;
  try {
    res = await fetch(call.url, {
      method: call.method,
      headers: {
        'content-type': wire.contentType,
        accept: wire.contentType,
        ...(call.idempotencyKey ? { 'idempotency-key': call.idempotencyKey } : {}),
      },
      body: call.body === undefined ? undefined : wire.encode(call.body),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (err) {
    throw new TransientError(`${call.method} ${call.url} failed: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (res.status === 429 || res.status >= 500) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new TransientError(
      `${call.method} ${call.url} answered ${res.status}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  }
  if (res.status === 409 || res.status === 422) {
    const refusal = parseJson(text);
    if (refusal && typeof refusal.code === 'string')
      throw new PartnerRefusal(
        `${call.method} ${call.url} answered ${res.status} ${refusal.code}`,
        refusal.code,
        refusal,
      );
  }
  if (res.status >= 400) {
    // The partner rejected what we sent: retrying the same data cannot help.
    throw new BadDataError(
      `${call.method} ${call.url} answered ${res.status}: ${text.slice(0, 500)}`,
    );
  }
  let answer: T;
  try {
    answer = wire.decode(text) as T;
  } catch (err) {
    throw new TransientError(
      `${call.method} ${call.url} answered what is not ${wire.contentType}: ${(err as Error).message}`,
    );
  }
  // The partner took the data: recorded for the person's copy (a failure here retries the task).
  await recordTransfer(call);
  return answer;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
