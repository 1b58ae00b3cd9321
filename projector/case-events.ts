import { groupAuthority } from '../common/candidate-groups.js';
import { caseIdOf, type InstanceView } from '../read-model/instance-view.js';
import { statutoryDeadlineOf, type Procedure } from '../processes/registry.js';
import {
  DECISION_VARIABLES,
  REQUEST_VARIABLES,
  type CaseEventType,
  type NewCaseEvent,
} from '../read-model/case-events.js';

/**
 * The events one view change makes (`read-model/case-events.ts`): what a party may see
 * changed between the view before a batch and after it. Pure: the projector calls it for each
 * view a batch changed and writes the result in the batch's transaction; a batch read again
 * changes no view (watermarks), so it makes no event twice. The payload is full; receivers get
 * their own minimised copy at delivery.
 */
export function deriveCaseEvents(
  before: InstanceView | null,
  after: InstanceView,
  /** The instance's procedure: which timers are deadlines a person should know of. */
  procedure?: Procedure,
): NewCaseEvent[] {
  const caseId = caseIdOf(after);
  if (!caseId) return [];
  const events: NewCaseEvent[] = [];
  const latest = latestTime(after);
  const add = (type: CaseEventType, data: Record<string, unknown>, at?: unknown) =>
    events.push({
      type,
      caseId,
      processInstanceKey: after._id,
      bpmnProcessId: after.bpmnProcessId,
      at: dateOf(at) ?? latest,
      data,
    });
  const root = after.parentProcessInstanceKey === '-1';

  if (root && !before?.startedAt && after.startedAt)
    add('case.started', { procedure: after.bpmnProcessId }, after.startedAt);

  // Messages the instance now waits for (whom they are awaited from: at delivery).
  const seenSubs = before?.subscriptions ?? {};
  for (const [id, s] of Object.entries(after.subscriptions))
    if (s.state === 'OPEN' && seenSubs[id]?.state !== 'OPEN')
      add('case.waiting-for-you', { messageName: s.messageName, elementId: s.elementId });

  // Requests for documents or information, decisions, notices: root-scope variables.
  const valueOf = (v: InstanceView | null, name: string) =>
    v?.variables.find((x) => x.name === name)?.value;
  for (const name of [...REQUEST_VARIABLES, ...DECISION_VARIABLES]) {
    const now = valueOf(after, name);
    if (now === undefined || now === null || (Array.isArray(now) && now.length === 0)) continue;
    if (JSON.stringify(now) === JSON.stringify(valueOf(before, name))) continue;
    add(REQUEST_VARIABLES.includes(name) ? 'case.document-requested' : 'case.decision', {
      variable: name,
      value: now,
    });
  }
  const noticesBefore = new Set(noticesOf(valueOf(before, 'issuedNotices')).map((n) => n.noticeId));
  for (const n of noticesOf(valueOf(after, 'issuedNotices')))
    if (!noticesBefore.has(n.noticeId)) add('case.notice-issued', { ...n });

  // Deadlines: a timer set, a timer passed. As in the status, a timer the procedure names
  // neither as a statutory deadline nor as a stage is internal (an escalation): no event.
  for (const [key, t] of Object.entries(after.timers)) {
    const was = before?.timers[key];
    const statutory = statutoryDeadlineOf(procedure, t.elementId, after.variables);
    if (procedure && !statutory && !Object.hasOwn(procedure.stages, t.elementId)) continue;
    const data = {
      elementId: t.elementId,
      dueAt: isoOf(t.dueDate),
      kind: statutory?.effect ?? 'service-target',
      basis: statutory?.basis ?? null,
    };
    if (!was && t.state !== 'CANCELED') add('case.deadline-set', data);
    if (t.state === 'TRIGGERED' && was?.state !== 'TRIGGERED') add('case.deadline-passed', data);
  }

  // User tasks: created, claimed (an assignee set), completed.
  for (const [key, t] of Object.entries(after.userTasks ?? {})) {
    const was = before?.userTasks?.[key];
    const data = {
      taskKey: key,
      elementId: t.elementId,
      authorities: [...new Set(t.candidateGroups.map(groupAuthority))],
      // An office-bound group (`ABH/DE-SN-DRESDEN`): only that office's caseworkers get it.
      candidateGroups: t.candidateGroups,
      assignee: t.assignee,
      dueAt: isoOf(t.dueDate),
    };
    if (!was) add('task.created', data, t.createdAt);
    if (t.assignee && t.assignee !== (was?.assignee ?? null) && t.state === 'OPEN')
      add('task.claimed', data);
    if (t.state === 'COMPLETED' && was?.state !== 'COMPLETED')
      add('task.completed', data, t.endedAt);
  }

  // Incidents (for operators): a step failed past its retries; it was repaired (retried,
  // or the instance modified or cancelled).
  for (const [key, i] of Object.entries(after.incidents)) {
    const was = before?.incidents[key];
    const data = {
      incidentKey: key,
      elementId: i.elementId,
      errorType: i.errorType,
      errorMessage: i.errorMessage,
    };
    if (i.state === 'OPEN' && !was) add('incident.created', data, i.createdAt);
    if (i.state === 'RESOLVED' && was?.state !== 'RESOLVED')
      add('incident.resolved', data, i.resolvedAt);
  }

  if (root && before?.state === 'ACTIVE' && after.state !== 'ACTIVE')
    add('case.ended', { state: after.state }, after.endedAt);
  return events;
}

interface NoticeRef {
  noticeId: string;
  kind: string;
  authority: string;
  outcome: string;
  issuedAt: string;
}

function noticesOf(value: unknown): NoticeRef[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (n): n is NoticeRef =>
      typeof n === 'object' &&
      n !== null &&
      typeof (n as NoticeRef).noticeId === 'string' &&
      typeof (n as NoticeRef).authority === 'string',
  );
}

/**
 * A view's date as a `Date` (or null): never throws, since a failing derivation would stop the
 * projection (dates are `Date`s in views read from the store, but a view is the engine's data).
 */
function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value as string);
  return Number.isNaN(d.getTime()) ? null : d;
}
const isoOf = (value: unknown) => dateOf(value)?.toISOString() ?? null;

/** The engine time of the view's newest change (the engine clock, which tests move). */
function latestTime(view: InstanceView): Date {
  let latest = dateOf(view.startedAt)?.getTime() ?? 0;
  for (const h of view.history) latest = Math.max(latest, dateOf(h.at)?.getTime() ?? 0);
  latest = Math.max(latest, dateOf(view.endedAt)?.getTime() ?? 0);
  return latest > 0 ? new Date(latest) : new Date();
}
