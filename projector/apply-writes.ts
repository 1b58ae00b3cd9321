import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { MongoBulkWriteError } from 'mongodb';
import { Collections } from './collections.js';
import type { ProjectionWrite } from './project-record.js';

export const CASES_COLLECTION = 'cases';

/**
 * Element instances (which carry the process state) are written last, so that a reader
 * who sees a case COMPLETED also sees the variables, timers and history of the same batch.
 */
const APPLY_LAST = [Collections.elementInstances] as string[];

/**
 * Applies projection writes idempotently:
 *  - insertOnce: upsert with $setOnInsert; a repeat finds the document and changes nothing.
 *  - advance: upsert filtered on `position < new position`. When the stored document is
 *    already at or past this record, the filter misses, the upsert tries to insert the
 *    existing _id and fails with a duplicate key: that is the "stale, skip" signal.
 * Writes to one collection go out as one unordered bulk; duplicate-key errors are
 * expected and ignored, anything else is thrown (and the batch is not acknowledged).
 */
export async function applyWrites(db: Db, writes: ProjectionWrite[]): Promise<void> {
  const byCollection = new Map<string, AnyBulkWriteOperation<Document>[]>();
  const add = (collection: string, op: AnyBulkWriteOperation<Document>) => {
    const ops = byCollection.get(collection) ?? [];
    ops.push(op);
    byCollection.set(collection, ops);
  };
  for (const w of writes) {
    switch (w.kind) {
      case 'insertOnce':
        add(w.collection, {
          updateOne: {
            filter: { _id: w.doc._id as never },
            update: { $setOnInsert: w.doc },
            upsert: true,
          },
        });
        break;
      case 'advance':
        add(w.collection, {
          updateOne: {
            filter: { _id: w.id as never, position: { $lt: w.position } },
            update: { $set: { ...w.set, position: w.position } },
            upsert: true,
          },
        });
        break;
      case 'linkCase':
        add(CASES_COLLECTION, {
          updateOne: {
            filter: { _id: w.caseId as never, processInstanceKey: null },
            update: { $set: { processInstanceKey: w.processInstanceKey, linkedBy: 'projector' } },
          },
        });
        break;
    }
  }
  const ordered = [...byCollection].sort(
    ([a], [b]) => Number(APPLY_LAST.includes(a)) - Number(APPLY_LAST.includes(b)),
  );
  for (const [collection, ops] of ordered) {
    try {
      await db.collection(collection).bulkWrite(ops, { ordered: false });
    } catch (err) {
      if (err instanceof MongoBulkWriteError) {
        const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        const unexpected = errors.filter((e) => e.code !== 11000);
        if (unexpected.length === 0 && errors.length > 0) continue;
      }
      throw err;
    }
  }
}
