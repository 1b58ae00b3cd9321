import type { Procedure } from '../../processes/registry.js';
import { procedureForProcess } from '../../processes/registry.js';
import type { StoredCaseEvent } from '../../read-model/case-events.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import { maySend } from '../access.js';
import type { Principal } from '../auth.js';
import type { CaseRecord, CasesStore } from '../data/cases-store.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import {
  mayReadNotice,
  mayReadTask,
  mayReadVariable,
  readableInstances,
} from '../data-minimisation.js';
import { visibleCase } from '../use-cases/visible-case.js';

/**
 * Who receives which event, and which of its fields: the rules of the status
 * (`../access.ts`, `../data-minimisation.ts`) applied to events. A receiver gets an event of a
 * case it may see (applicant its own, employer its organisation's or granted, agent its own or
 * granted, an authority only its part of the case: the instance the change happened in must be
 * in it), and only what its role may read of it:
 *
 * | event | who |
 * | --- | --- |
 * | case.started, case.ended, case.deadline-set, case.deadline-passed | everyone who sees the case (or the instance) |
 * | case.waiting-for-you | those who may send the awaited message (never a standing one) |
 * | case.document-requested, case.decision | those who may read the variable (STATUS_VARIABLE_AUDIENCES) |
 * | case.notice-issued | the parties, the issuing authority, the immigration office |
 * | task.created, task.claimed, task.completed | caseworkers of the task's authorities (of its office, if bound to one) |
 * | incident.created, incident.resolved | operators |
 */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

export const EVENT_TYPE_PREFIX = 'de.wsa.';

export interface EventVisibilityDeps {
  cases: CasesStore;
  procedures: Map<string, Procedure>;
  projection: Pick<ProjectionReader, 'caseInstances'>;
}

/**
 * Decides events for receivers. Remembers the case instances it read for its lifetime: make
 * one per batch of events (a stream's poll, a fan-out), so that a case part that changed is
 * seen at the next batch.
 */
export class EventVisibility {
  private readonly views = new Map<string, Promise<InstanceView[]>>();

  constructor(private readonly deps: EventVisibilityDeps) {}

  /** The event as this receiver may see it, or null. */
  async eventFor(p: Principal, e: StoredCaseEvent): Promise<CloudEvent | null> {
    const data = this.fieldsFor(p, e);
    if (!data) return null;
    if (!(await this.maySeeInstance(p, e))) return null;
    return toCloudEvent(e, data);
  }

  private fieldsFor(p: Principal, e: StoredCaseEvent): Record<string, unknown> | null {
    const d = e.data;
    switch (e.type) {
      case 'case.waiting-for-you': {
        const procedure = procedureForProcess(this.deps.procedures, e.bpmnProcessId);
        const message = procedure?.messages[String(d.messageName)];
        if (!message || message.standing || !maySend(p, message.senders)) return null;
        return d;
      }
      case 'case.document-requested':
      case 'case.decision':
        return mayReadVariable(p, String(d.variable)) ? d : null;
      case 'case.notice-issued':
        return mayReadNotice(p, { authority: String(d.authority) }) ? d : null;
      case 'task.created':
      case 'task.claimed':
      case 'task.completed':
        return mayReadTask(p, {
          authorities: (d.authorities as string[] | undefined) ?? [],
          ...(Array.isArray(d.candidateGroups)
            ? { candidateGroups: d.candidateGroups as string[] }
            : {}),
        })
          ? d
          : null;
      case 'incident.created':
      case 'incident.resolved':
        return p.role === 'operator' ? d : null;
      default:
        return d;
    }
  }

  private async maySeeInstance(p: Principal, e: StoredCaseEvent): Promise<boolean> {
    let found: { record: CaseRecord; procedure: Procedure };
    try {
      // The case records are remembered by the store itself (written once).
      found = await visibleCase(this.deps, p, e.caseId);
    } catch {
      return false;
    }
    if (p.role !== 'caseworker' && p.role !== 'partner') return true;
    const root = found.record.processInstanceKey;
    const views = root ? await this.instancesOf(root) : [];
    const part = readableInstances(p, views, found.procedure, this.deps.procedures);
    return part !== undefined && part.some((v) => v._id === e.processInstanceKey);
  }

  private instancesOf(root: string): Promise<InstanceView[]> {
    let v = this.views.get(root);
    if (!v) this.views.set(root, (v = this.deps.projection.caseInstances(root)));
    return v;
  }
}

export function toCloudEvent(e: StoredCaseEvent, data: Record<string, unknown>): CloudEvent {
  return {
    specversion: '1.0',
    id: e.id,
    source: `/api/v1/cases/${e.caseId}`,
    type: `${EVENT_TYPE_PREFIX}${e.type}`,
    subject: e.caseId,
    time: new Date(e.at).toISOString(),
    datacontenttype: 'application/json',
    data: { ...data, procedure: e.bpmnProcessId },
  };
}
