import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../common/mongo.js';
import { Collections, instanceCollection } from './collections.js';
import { caseIdOf, reduceInstance, type InstanceView } from './instance-view.js';
import type { ZeebeRecord } from './records.js';

/** How many instances of one batch are written at the same time. */
const PARALLEL_INSTANCES = 16;

/**
 * Read-modify-write of instance views, one document per process instance, every access by
 * `_id`. A write only succeeds against the revision it read (optimistic concurrency), so a
 * second projector instance can never overwrite newer state with older.
 */
export class InstanceStore {
  private readonly caseInstances: Collection<{
    _id: string;
    processInstanceKey: string;
    linkedBy: string;
  }>;

  constructor(private readonly db: Db) {
    this.caseInstances = db.collection(Collections.caseInstances);
  }

  async apply(recordsByInstance: Map<string, ZeebeRecord[]>): Promise<void> {
    const entries = [...recordsByInstance];
    for (let i = 0; i < entries.length; i += PARALLEL_INSTANCES) {
      await Promise.all(
        entries
          .slice(i, i + PARALLEL_INSTANCES)
          .map(([key, records]) => this.applyOne(key, records)),
      );
    }
  }

  private async applyOne(processInstanceKey: string, records: ZeebeRecord[]): Promise<void> {
    const views = this.db.collection<InstanceView>(instanceCollection(processInstanceKey));
    for (let attempt = 0; ; attempt++) {
      const current = await views.findOne({ _id: processInstanceKey });
      const { view, changed } = reduceInstance(current, processInstanceKey, records);
      if (!changed) return;
      view.revision = (current?.revision ?? 0) + 1;
      let written = false;
      if (current) {
        const res = await views.replaceOne(
          { _id: processInstanceKey, revision: current.revision },
          view,
        );
        written = res.matchedCount === 1;
      } else {
        try {
          await views.insertOne(view);
          written = true;
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
      if (written) {
        const caseId = caseIdOf(view);
        if (caseId && view.parentProcessInstanceKey === '-1' && (!current || !caseIdOf(current))) {
          // The gateway links the case right after starting it; this closes the window where
          // it crashed in between (see gateway/use-cases/start-case.ts).
          await this.caseInstances
            .insertOne({ _id: caseId, processInstanceKey, linkedBy: 'projector' })
            .catch((err: unknown) => {
              if (!isDuplicateKeyError(err)) throw err; // the gateway linked it already
            });
        }
        return;
      }
      if (attempt >= 5)
        throw new Error(`instance ${processInstanceKey} kept changing under the projector`);
    }
  }
}
