import type { Schema } from './api-types.js';

/**
 * The web apps' one way to the gateway: the signed-in user's token on every call, the
 * chosen language, and errors as the API's problem documents (shown to people as they are:
 * which field and why).
 */
/**
 * The API's problem document; its other fields may be missing when something between the
 * browser and the gateway answered (a proxy, the network), so only the status is certain.
 */
export type Problem = Partial<Schema<'Problem'>> & { status: number };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(
      [problem.detail ?? problem.title ?? `HTTP ${problem.status}`]
        .concat((problem.errors ?? []).map((e) => `${e.field}: ${e.reason}`))
        .join(' — '),
    );
  }
}

export type Language = 'de' | 'en';

export class Api {
  constructor(
    readonly token: () => string | null,
    readonly language: () => Language,
  ) {}

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const token = this.token();
    const init: RequestInit = {
      method,
      headers: {
        'accept-language': this.language(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !(body instanceof Blob)
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
    };
    if (body !== undefined) init.body = body instanceof Blob ? body : JSON.stringify(body);
    const res = await fetch(path, init);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ApiError({ status: res.status, ...(parsed as object) });
    return parsed as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, body, headers);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}

/** A fresh idempotency key for a start or a message (a retry with it does nothing twice). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
