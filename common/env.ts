import { Ajv, type ErrorObject } from 'ajv';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/**
 * Configuration from the environment, validated at start: a component declares the variables
 * it reads as one JSON Schema (its `config.ts`), `loadEnv` checks them and gives them typed
 * (the type is the schema's, by json-schema-to-ts), and a missing or malformed value stops the
 * process with a message naming the variable and why, instead of failing later.
 */
export class ConfigError extends Error {}

/** The variables a component reads: one property per variable, nothing else. */
export interface EnvSchema {
  readonly type: 'object';
  readonly additionalProperties: false;
  readonly required?: readonly string[];
  readonly properties: Readonly<Record<string, JSONSchema>>;
}

/** Variables are text: numbers and booleans are read from it; an empty one counts as unset. */
const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, verbose: true });
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/** The variables of `schema` from `env`, with their defaults, or a ConfigError naming each bad one. */
export function loadEnv<const S extends EnvSchema>(
  schema: S,
  env?: NodeJS.ProcessEnv,
): FromSchema<S>;
export function loadEnv(schema: EnvSchema, env = process.env): unknown {
  return readEnv(schema, env);
}

/** `loadEnv` for a schema built at run time (its type cannot be the schema's). */
export function readEnv(schema: object, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of Object.keys((schema as EnvSchema).properties)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') values[name] = raw;
  }
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (!validate(values))
    throw new ConfigError((validate.errors ?? []).map((e) => reason(e, env)).join('; '));
  return values;
}

function reason(error: ErrorObject, env: NodeJS.ProcessEnv): string {
  if (error.keyword === 'required')
    return `environment variable ${String(error.params.missingProperty)} is required`;
  const name = error.instancePath.split('/')[1] ?? '';
  const why =
    error.keyword === 'enum'
      ? `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`
      : error.keyword === 'type'
        ? `must be ${error.params.type === 'integer' ? 'an integer' : `a ${String(error.params.type)}`}`
        : (error.parentSchema?.description ?? error.message);
  return `environment variable ${name} ${why}, got "${env[name]}"`;
}

/** A TCP port to listen on (0: any free one, or none where the component says so). */
export const port = <const D extends number>(fallback: D) =>
  ({ type: 'integer', minimum: 0, maximum: 65535, default: fallback }) as const;

/** An http(s) URL. */
export const httpUrl = {
  type: 'string',
  pattern: '^https?://[^\\s]+$',
  description: 'must be an http:// or https:// URL',
} as const;

/** A whole number of at least 1 (sizes, counts, milliseconds). */
export const positiveInt = <const D extends number>(fallback: D) =>
  ({ type: 'integer', minimum: 1, default: fallback }) as const;

/** One variable, for scripts and benchmarks (they are no component with a config.ts). */
function one(name: string, schema: JSONSchema & object, fallback: unknown, env: NodeJS.ProcessEnv) {
  return readEnv(
    {
      type: 'object',
      additionalProperties: false,
      required: fallback === undefined ? [name] : [],
      properties: { [name]: fallback === undefined ? schema : { ...schema, default: fallback } },
    },
    env,
  )[name];
}

export function envString(name: string, fallback?: string, env = process.env): string {
  return one(name, { type: 'string' }, fallback, env) as string;
}

export function envInt(name: string, fallback?: number, env = process.env): number {
  return one(name, { type: 'integer' }, fallback, env) as number;
}
