import { Binary, BSON } from 'mongodb';

/**
 * A projection document as the store keeps it: `_id`, the few fields a query filters by, and
 * the whole value as one BSON binary (`bson`).
 *
 * Why: the local store (FerretDB 1.24) evaluates every filter beyond `_id` itself, after
 * turning the stored document into its own document tree, and that costs with every nested
 * field. The projector's guarded writes (`_id` + `revision` for views, `_id` + `basis` for
 * case facts) measured 12–24 ms for a view-sized nested document against about 4 ms for the
 * same data as one binary field (bench/RESULTS.md, "Issue 8, fourth session"). The guards are
 * what keep a second projector from overwriting newer data. MongoDB would not care either way;
 * nothing reads these values' inner fields in the store.
 *
 * Documents written before this form (the value's own fields, no `bson`) are read as they are
 * and take this form at their next write.
 */
export type BinaryDocument<T, K extends keyof T> = Pick<T, K> & { _id: string; bson: Binary };

export function binaryDocument<T extends { _id: string }, K extends keyof T>(
  value: T,
  fields: readonly K[],
): BinaryDocument<T, K> {
  const doc: Record<string, unknown> = { _id: value._id, bson: new Binary(BSON.serialize(value)) };
  for (const f of fields) doc[f as string] = value[f];
  return doc as BinaryDocument<T, K>;
}

/** The value a stored document holds (either form). */
export function fromBinaryDocument<T>(doc: T | { bson: Binary }): T {
  const bson = (doc as { bson?: unknown }).bson;
  return bson instanceof Binary ? (BSON.deserialize(bson.buffer) as T) : (doc as T);
}
