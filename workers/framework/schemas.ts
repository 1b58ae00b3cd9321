/**
 * Small JSON Schema builders for worker contracts, so a definition says what it means once:
 * a closed object whose listed properties are all required (the `required` list is derived,
 * never written twice), and the common non-empty string.
 */
export const nonEmptyString = { type: 'string', minLength: 1 } as const;

export function closedObject<P extends Record<string, object>>(properties: P) {
  return {
    type: 'object',
    required: Object.keys(properties),
    additionalProperties: false,
    properties,
  } as const;
}
