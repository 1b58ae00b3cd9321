import { Binary, BSON } from 'mongodb';

/**
 * A projection document as the store keeps it: `_id`, the few fields a query filters by, and
 * the whole value as one BSON binary (`bson`).
 *
 * Why: the local store (FerretDB 1.24) evaluates every filter beyond a bare `_id` itself,
 * turning each stored document it reads into its own document tree, which costs with every
 * nested field: a view-sized nested document measured 12–24 ms per guarded write against about
 * 4 ms as one binary field (bench/RESULTS.md, "Issue 8, fourth session"). The projector's own
 * writes are by `_id` alone now (projector/lease.ts); the rare guarded ones (a facts rebuild
 * meeting newer facts, the operators' scans) still filter, and every read decodes less.
 * MongoDB would not care either way; nothing reads these values' inner fields in the store.
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
