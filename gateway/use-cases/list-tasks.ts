import { procedureForProcess, type Procedure } from '../../processes/registry.js';
import type { InboxQuery, InboxTask, TaskInboxStore } from '../../read-model/task-inbox.js';
import type { Principal } from '../auth.js';
import { Problem } from '../problem.js';
import type { Language } from './get-case-status.js';

/**
 * A caseworker's task list: the open user tasks of their authority, filtered, sorted and
 * paged by the database (read-model/task-inbox.ts). Overdue = past the due date;
 * escalated = a timer on the task fired (the team lead's view: `escalated=true`).
 */
export type TaskListQuery = Omit<InboxQuery, 'bpmnProcessIds'> & {
  /** Only tasks of this procedure's model. */
  procedure?: string;
};

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
  /** Who may work it: the authority (`ABH`) or one of its offices (`ABH/DE-SN-DRESDEN`). */
  candidateGroups: string[];
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
    candidateGroups: t.candidateGroups,
  };
}

export async function listTasks(
  deps: {
    inboxes: Pick<TaskInboxStore, 'list'>;
    procedures: Map<string, Procedure>;
  },
  principal: Principal,
  query: TaskListQuery,
  lang: Language,
  now = new Date(),
): Promise<{ tasks: TaskListItem[]; total: number }> {
  if (principal.role !== 'caseworker' || !principal.authority)
    throw Problem.forbidden('Task lists are for caseworkers of an authority');
  const assignee = query.assignee === 'me' ? principal.subject : query.assignee;
  const bpmnProcessIds =
    query.procedure === undefined
      ? undefined
      : [...deps.procedures.values()]
          .filter((p) => p.procedure === query.procedure)
          .map((p) => p.bpmnProcessId);
  const { tasks, total } = await deps.inboxes.list(
    { authority: principal.authority, office: principal.office },
    {
      ...(bpmnProcessIds ? { bpmnProcessIds } : {}),
      ...(query.caseId !== undefined ? { caseId: query.caseId } : {}),
      ...(query.candidateGroup !== undefined ? { candidateGroup: query.candidateGroup } : {}),
      ...(assignee !== undefined ? { assignee } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
      ...(query.escalated !== undefined ? { escalated: query.escalated } : {}),
      sort: query.sort,
      limit: query.limit,
      offset: query.offset,
    },
    now,
  );
  return { tasks: tasks.map((t) => toTaskListItem(t, deps.procedures, lang, now)), total };
}
