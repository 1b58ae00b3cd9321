import { ConfigError, httpUrl, loadEnv } from './env.js';

/**
 * The Operaton engine host's REST API (`engine/`), the only way our processes reach the
 * engine. Every call carries the service account's Basic credentials: the engine refuses
 * callers without them. Browser apps never call the engine; they call the gateway.
 */
export interface EngineConfig {
  /** Base URL of the REST API, e.g. http://127.0.0.1:8090/engine-rest */
  restUrl: string;
  user: string;
  password: string;
}

/** The engine host and the service accounts (the workers' own, when set). */
export const engineVariables = {
  ENGINE_URL: { ...httpUrl, default: 'http://127.0.0.1:8090' },
  ENGINE_USER: { type: 'string', minLength: 1 },
  ENGINE_PASSWORD: { type: 'string', minLength: 1 },
  ENGINE_WORKERS_USER: { type: 'string', minLength: 1 },
  ENGINE_WORKERS_PASSWORD: { type: 'string', minLength: 1 },
} as const;
const engineSchema = {
  type: 'object',
  additionalProperties: false,
  properties: engineVariables,
} as const;

/**
 * `ENGINE_URL` (host root) and this component's account: `ENGINE_USER` / `ENGINE_PASSWORD`,
 * or for the workers `ENGINE_WORKERS_USER` / `ENGINE_WORKERS_PASSWORD` when set (a process
 * that runs both, as the tests do, still calls with each component's own account).
 */
export function loadEngineConfig(
  component: 'gateway' | 'workers' = 'gateway',
  env = process.env,
): EngineConfig {
  const v = loadEnv(engineSchema, env);
  const own = component === 'workers' && v.ENGINE_WORKERS_USER !== undefined;
  const user = own ? v.ENGINE_WORKERS_USER : v.ENGINE_USER;
  const password = own ? v.ENGINE_WORKERS_PASSWORD : v.ENGINE_PASSWORD;
  const prefix = own ? 'ENGINE_WORKERS' : 'ENGINE';
  if (user === undefined) throw new ConfigError(`environment variable ${prefix}_USER is required`);
  if (password === undefined)
    throw new ConfigError(`environment variable ${prefix}_PASSWORD is required`);
  return { restUrl: `${v.ENGINE_URL.replace(/\/$/, '')}/engine-rest`, user, password };
}

/** The engine answered with an error status; `type` is Operaton's exception class name. */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(`engine ${status} ${type}: ${message}`);
  }
}

/** The engine could not be reached at all (down, restarting): callers answer 503. */
export class EngineUnavailableError extends Error {}

/** A variable as the engine's REST API takes and gives it. */
export interface TypedValue {
  value: unknown;
  type: string;
  valueInfo?: Record<string, unknown>;
}

/**
 * Our variables are JSON values: objects and arrays travel as Spin `Json` (readable by FEEL,
 * returned to workers as objects), everything else as its own primitive type. Whole numbers
 * go as Long: Integer would overflow above 2^31 (salaries in cents, epoch millis).
 */
export function toTypedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return { value: null, type: 'Null' };
  if (typeof value === 'string') return { value, type: 'String' };
  if (typeof value === 'boolean') return { value, type: 'Boolean' };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { value, type: 'Long' } : { value, type: 'Double' };
  return { value: JSON.stringify(value), type: 'Json' };
}

export function toTypedValues(variables: Record<string, unknown>): Record<string, TypedValue> {
  return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, toTypedValue(v)]));
}

export class EngineClient {
  private readonly authorization: string;

  constructor(
    readonly config: EngineConfig,
    /** Per call; the gateway answers its callers within seconds, so it does not wait longer. */
    private readonly timeoutMs = 10_000,
  ) {
    this.authorization = `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`;
  }

  /** Calls the REST API; JSON in and out. A 204 gives undefined. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: this.authorization,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    };
    return this.send<T>(path, init);
  }

  /**
   * Calls one of the engine host's own endpoints beside the REST API (`/engine-wsa/...`, same
   * credentials): `path` is from the host's root.
   */
  async hostRequest<T>(method: string, path: string, body: unknown): Promise<T> {
    return this.send<T>(
      path,
      {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      },
      this.config.restUrl.replace(/\/engine-rest$/, ''),
    );
  }

  /** A multipart request (deployments). */
  async multipart<T>(path: string, form: FormData): Promise<T> {
    return this.send<T>(path, {
      method: 'POST',
      headers: { authorization: this.authorization, accept: 'application/json' },
      body: form,
      signal: AbortSignal.timeout(Math.max(this.timeoutMs, 60_000)),
    });
  }

  private async send<T>(path: string, init: RequestInit, base = this.config.restUrl): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, init);
    } catch (err) {
      throw new EngineUnavailableError(`engine unreachable: ${(err as Error).message}`);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (res.status === 502 || res.status === 503 || res.status === 504)
      throw new EngineUnavailableError(`engine answered ${res.status}`);
    if (!res.ok) {
      let type = 'Unknown';
      let message = text;
      try {
        const parsed = JSON.parse(text) as { type?: string; message?: string };
        type = parsed.type ?? type;
        message = parsed.message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new EngineError(res.status, type, message);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
