import type { Db } from 'mongodb';
import { instanceCollection } from '../../projector/collections.js';
import type { InstanceView } from '../../projector/instance-view.js';

/**
 * Read-only access to the projection (never the engine). Every read is one document by
 * `_id`: the only lookup the local store answers from an index.
 */
export class ProjectionReader {
  constructor(private readonly db: Db) {}

  instance(processInstanceKey: string): Promise<InstanceView | null> {
    return this.db
      .collection<InstanceView>(instanceCollection(processInstanceKey))
      .findOne({ _id: processInstanceKey });
  }
}

/** Variables of a view, limited to the allowed names. */
export function pickVariables(view: InstanceView, names: string[]): Record<string, unknown> {
  return Object.fromEntries(
    view.variables.filter((v) => names.includes(v.name)).map((v) => [v.name, v.value]),
  );
}

export function openSubscriptions(view: InstanceView, caseId: string) {
  return Object.values(view.subscriptions).filter(
    (s) => s.state === 'OPEN' && s.correlationKey === caseId,
  );
}
