import type { Db } from 'mongodb';

/**
 * The read model ("projection") of the engine's exported records. Written only by the
 * projector; read by the gateway (status, timeline), later by the tasklist and KPIs.
 * Every document carries the sortable position of the last record applied to it, so a
 * record delivered twice (at-least-once) or late never moves a document backwards.
 */
export const Collections = {
  /** One per element instance, the process instance itself included (_id = key). */
  elementInstances: 'element_instances',
  /** Append-only history of element lifecycle events (_id = partition:position). */
  elementEvents: 'element_events',
  incidents: 'incidents',
  timers: 'timers',
  messageSubscriptions: 'message_subscriptions',
  /** Root-scope variables of process instances (_id = processInstanceKey:name). */
  processVariables: 'process_variables',
} as const;

export async function ensureProjectionIndexes(db: Db): Promise<void> {
  await db
    .collection(Collections.elementInstances)
    .createIndex({ processInstanceKey: 1, state: 1 });
  await db
    .collection(Collections.elementEvents)
    .createIndex({ processInstanceKey: 1, position: 1 });
  await db.collection(Collections.incidents).createIndex({ processInstanceKey: 1, state: 1 });
  await db.collection(Collections.timers).createIndex({ processInstanceKey: 1, state: 1 });
  await db
    .collection(Collections.messageSubscriptions)
    .createIndex({ processInstanceKey: 1, messageName: 1, state: 1 });
  await db.collection(Collections.processVariables).createIndex({ processInstanceKey: 1 });
}
