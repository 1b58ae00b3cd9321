import { caseIdOf, type InstanceView } from '../read-model/instance-view.js';
import type { InboxChange } from '../read-model/task-inbox.js';
import { kindOf, str, type EngineEvent } from './engine-events.js';

/**
 * The inbox changes a batch makes (the rows: `read-model/task-inbox.ts`). Derived from the
 * instance views (which already ignore redelivered records), so applying the same records
 * again puts the same tasks: idempotent.
 */

/**
 * The user tasks the records touched: their own USER_TASK records, and the timers attached to
 * them (a boundary timer's record carries the element instance it is attached to).
 */
export function touchedUserTasks(view: InstanceView, events: EngineEvent[]): string[] {
  const keys = new Set<string>();
  // A timer on a task's execution is its escalation: it changes the inbox entry too.
  const timerScopes = new Set<string>();
  for (const e of events) {
    const { entity } = kindOf(e);
    const taskId = str(e.payload, 'taskId');
    if (
      taskId &&
      (entity === 'HistoricTaskInstanceEventEntity' ||
        entity === 'HistoricIdentityLinkLogEventEntity')
    )
      keys.add(taskId);
    if (entity === 'HistoricJobLogEventEntity') {
      const execution = str(e.payload, 'executionId');
      if (execution) timerScopes.add(execution);
    }
  }
  if (timerScopes.size > 0)
    for (const t of Object.values(view.userTasks ?? {}))
      if (timerScopes.has(t.elementInstanceKey)) keys.add(t.userTaskKey);
  return [...keys];
}

/**
 * Escalation of a task, from the model alone: any timer attached to the user task is its
 * escalation (a non-interrupting "due date near" boundary event); an interrupting one would
 * end the task. Active: when it will fire; triggered: when it fired.
 */
function escalationOf(view: InstanceView, elementInstanceKey: string) {
  const timers = Object.values(view.timers).filter(
    (t) => t.elementInstanceKey === elementInstanceKey,
  );
  const first = (state: 'ACTIVE' | 'TRIGGERED') =>
    timers
      .filter((t) => t.state === state)
      .map((t) => t.dueDate)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return { escalatesAt: first('ACTIVE'), escalatedAt: first('TRIGGERED') };
}

/** The inbox changes for the given user tasks of a view (those the last records touched). */
export function inboxChanges(view: InstanceView, userTaskKeys: string[]): InboxChange[] {
  const caseId = caseIdOf(view) ?? null;
  return userTaskKeys.flatMap((key): InboxChange[] => {
    const t = view.userTasks?.[key];
    if (!t) return [];
    if (t.state !== 'OPEN')
      return [{ kind: 'remove', userTaskKey: key, groups: t.candidateGroups }];
    return [
      {
        kind: 'put',
        task: {
          userTaskKey: key,
          caseId,
          processInstanceKey: view._id,
          bpmnProcessId: view.bpmnProcessId,
          elementId: t.elementId,
          candidateGroups: t.candidateGroups,
          assignee: t.assignee,
          dueDate: t.dueDate,
          followUpDate: t.followUpDate,
          createdAt: t.createdAt,
          ...escalationOf(view, t.elementInstanceKey),
        },
      },
    ];
  });
}
