import type { Db } from 'mongodb';
import { instanceCollection } from '../../projector/collections.js';
import type { InstanceView } from '../../projector/instance-view.js';

/**
 * Read-only access to the projection (never the engine). Every read is one document by
 * `_id`: the only lookup the local store answers from an index.
 */
export class ProjectionReader {
  constructor(private readonly db: Db) {}

  /** The root instance and every instance its call activities started, root first. */
  async caseInstances(rootKey: string): Promise<InstanceView[]> {
    const views: InstanceView[] = [];
    const queue = [rootKey];
    while (queue.length > 0 && views.length < MAX_INSTANCES_PER_CASE) {
      const view = await this.instance(queue.shift()!);
      if (!view) continue;
      views.push(view);
      queue.push(...Object.keys(view.children));
    }
    return views;
  }

  instance(processInstanceKey: string): Promise<InstanceView | null> {
    return this.db
      .collection<InstanceView>(instanceCollection(processInstanceKey))
      .findOne({ _id: processInstanceKey });
  }
}

/** At most this many instances make up one case (root and called processes). */
const MAX_INSTANCES_PER_CASE = 100;

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
