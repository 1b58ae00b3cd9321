import { procedureForProcess, type Procedure } from '../../processes/registry.js';
import type { InboxTask, TaskInbox } from '../../projector/task-inbox.js';
import type { Principal } from '../auth.js';
import { Problem } from '../problem.js';
import type { Language } from './get-case-status.js';

/**
 * A caseworker's task list: the open user tasks of their authority, from the authority's
 * inbox document (one read), filtered and sorted here. Overdue = past the due date;
 * escalated = a timer on the task fired (the team lead's view: `escalated=true`).
 */
export interface TaskListQuery {
  procedure?: string;
  caseId?: string;
  assignee?: string;
  overdue?: boolean;
  escalated?: boolean;
  sort: 'dueDate' | 'createdAt';
  limit: number;
  offset: number;
}

export interface TaskListItem {
  taskKey: string;
  caseId: string | null;
  procedure: string | null;
  elementId: string;
  label: string;
  form: string | null;
  assignee: string | null;
  dueAt: string | null;
  followUpAt: string | null;
  createdAt: string;
  overdue: boolean;
  /** When the task goes to the team lead if still open (a timer in the model). */
  escalatesAt: string | null;
  /** Set once it went to the team lead: the due date is near or past. */
  escalatedAt: string | null;
}

/** One inbox entry as the API shows it, labelled in the caller's language. */
export function toTaskListItem(
  t: InboxTask,
  procedures: Map<string, Procedure>,
  lang: Language,
  now: Date,
): TaskListItem {
  const procedure = procedureForProcess(procedures, t.bpmnProcessId);
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    taskKey: t.userTaskKey,
    caseId: t.caseId,
    procedure: procedure?.procedure ?? null,
    elementId: t.elementId,
    label: procedure?.stages[t.elementId]?.[lang] ?? t.elementId,
    form: procedure?.tasks[t.elementId]?.form ?? null,
    assignee: t.assignee,
    dueAt: iso(t.dueDate),
    followUpAt: iso(t.followUpDate),
    createdAt: t.createdAt.toISOString(),
    overdue: t.dueDate !== null && t.dueDate.getTime() < now.getTime(),
    escalatesAt: iso(t.escalatesAt),
    escalatedAt: iso(t.escalatedAt),
  };
}

export async function listTasks(
  deps: {
    inboxes: { get(authority: string): Promise<TaskInbox | null> };
    procedures: Map<string, Procedure>;
  },
  principal: Principal,
  query: TaskListQuery,
  lang: Language,
  now = new Date(),
): Promise<{ tasks: TaskListItem[]; total: number }> {
  if (principal.role !== 'caseworker' || !principal.authority)
    throw Problem.forbidden('Task lists are for caseworkers of an authority');
  const inbox = await deps.inboxes.get(principal.authority);
  // Filter and sort the raw entries (numbers, no text), label only the page: a 10,000-task
  // inbox is answered in a few ms (bench/RESULTS.md).
  const assignee = query.assignee === 'me' ? principal.subject : query.assignee;
  const processIds =
    query.procedure === undefined
      ? undefined
      : new Set(
          [...deps.procedures.values()]
            .filter((p) => p.procedure === query.procedure)
            .map((p) => p.bpmnProcessId),
        );
  const nowMs = now.getTime();
  const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);
  const selected = Object.values(inbox?.tasks ?? {}).filter((t) => {
    const due = ms(t.dueDate);
    return (
      (processIds === undefined || processIds.has(t.bpmnProcessId)) &&
      (query.caseId === undefined || t.caseId === query.caseId) &&
      (assignee === undefined ||
        (assignee === 'unassigned' ? t.assignee === null : t.assignee === assignee)) &&
      (query.overdue === undefined || (due !== null && due < nowMs) === query.overdue) &&
      (query.escalated === undefined || (ms(t.escalatedAt) !== null) === query.escalated)
    );
  });
  // Due date first (tasks without one last), then oldest first.
  const created = (t: InboxTask) => t.createdAt.getTime();
  const due = (t: InboxTask) => ms(t.dueDate) ?? Number.MAX_SAFE_INTEGER;
  selected.sort((a, b) =>
    query.sort === 'dueDate' ? due(a) - due(b) || created(a) - created(b) : created(a) - created(b),
  );
  return {
    tasks: selected
      .slice(query.offset, query.offset + query.limit)
      .map((t) => toTaskListItem(t, deps.procedures, lang, now)),
    total: selected.length,
  };
}
