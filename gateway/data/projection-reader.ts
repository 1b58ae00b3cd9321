import type { Db } from 'mongodb';
import { Collections } from '../../projector/collections.js';

/** Read-only queries on the projection (never the engine) for status and timelines. */
export interface ElementInstanceDoc {
  _id: string;
  processInstanceKey: string;
  elementId: string;
  bpmnElementType: string;
  bpmnProcessId: string;
  version: number;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  activatedAt?: Date;
  endedAt?: Date;
}

export interface ElementEventDoc {
  _id: string;
  processInstanceKey: string;
  elementId: string;
  bpmnElementType: string;
  intent: string;
  at: Date;
}

export interface TimerDoc {
  _id: string;
  processInstanceKey: string;
  elementId: string;
  dueDate: Date;
  state: string;
}

export interface SubscriptionDoc {
  _id: string;
  processInstanceKey: string;
  messageName: string;
  correlationKey: string;
  elementId: string;
  state: string;
}

export interface IncidentDoc {
  _id: string;
  processInstanceKey: string;
  elementId: string;
  errorType: string;
  errorMessage: string;
  state: string;
  createdAt?: Date;
}

export class ProjectionReader {
  constructor(private readonly db: Db) {}

  async ensureIndexes(): Promise<void> {
    await this.db
      .collection(Collections.messageSubscriptions)
      .createIndex({ correlationKey: 1, messageName: 1, state: 1 });
  }

  instance(processInstanceKey: string) {
    return this.db
      .collection<ElementInstanceDoc>(Collections.elementInstances)
      .findOne({ _id: processInstanceKey });
  }

  activeElements(processInstanceKey: string) {
    return this.db
      .collection<ElementInstanceDoc>(Collections.elementInstances)
      .find({ processInstanceKey, state: 'ACTIVE' })
      .toArray();
  }

  history(processInstanceKey: string) {
    return this.db
      .collection<ElementEventDoc>(Collections.elementEvents)
      .find({
        processInstanceKey,
        intent: { $in: ['ELEMENT_ACTIVATED', 'ELEMENT_COMPLETED', 'ELEMENT_TERMINATED'] },
      })
      .sort({ position: 1 })
      .toArray();
  }

  activeTimers(processInstanceKey: string) {
    return this.db
      .collection<TimerDoc>(Collections.timers)
      .find({ processInstanceKey, state: 'ACTIVE' })
      .toArray();
  }

  openIncidents(processInstanceKey: string) {
    return this.db
      .collection<IncidentDoc>(Collections.incidents)
      .find({ processInstanceKey, state: 'OPEN' })
      .toArray();
  }

  /** Subscriptions are correlated by caseId, so this also finds waits in called sub-processes. */
  openSubscription(caseId: string, messageName: string) {
    return this.db
      .collection<SubscriptionDoc>(Collections.messageSubscriptions)
      .findOne({ correlationKey: caseId, messageName, state: 'OPEN' });
  }

  openSubscriptions(caseId: string) {
    return this.db
      .collection<SubscriptionDoc>(Collections.messageSubscriptions)
      .find({ correlationKey: caseId, state: 'OPEN' })
      .toArray();
  }

  async variables(processInstanceKey: string, names: string[]): Promise<Record<string, unknown>> {
    const docs = await this.db
      .collection<{ _id: string; name: string; value: unknown }>(Collections.processVariables)
      .find({ processInstanceKey, name: { $in: names } })
      .toArray();
    return Object.fromEntries(docs.map((d) => [d.name, d.value]));
  }
}
