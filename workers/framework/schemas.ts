import type { JSONSchema } from 'json-schema-to-ts';
import person from '../../processes/shared/person.schema.json' with { type: 'json' };

/**
 * Small JSON Schema builders for worker contracts, so a definition says what it means once:
 * a closed object whose listed properties are all required (the `required` list is derived,
 * never written twice), and the common non-empty string.
 */
export const nonEmptyString = { type: 'string', minLength: 1 } as const;

/**
 * A shared schema inside a worker's contract, without its `$id` and `$schema`: the runner
 * compiles each worker's schemas on their own, so nothing is looked up by `$id`.
 */
export function embedded<const S extends { $id?: string; $schema?: string }>(
  schema: S,
): Omit<S, '$id' | '$schema'> {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}

/** The person a case is about (processes/shared/person.schema.json). */
export const personSchema = embedded(person);

export function closedObject<const P extends Record<string, JSONSchema>>(properties: P) {
  return {
    type: 'object',
    required: Object.keys(properties) as (keyof P & string)[],
    additionalProperties: false,
    properties,
  } as const;
}
