import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../common/mongo.js';
import { caseIdOf, type InstanceView } from './instance-view.js';
import { keyOf, type ZeebeRecord } from './records.js';

/**
 * The open user tasks of each authority, in one document per authority (`_id` = the
 * candidate group). A caseworker's task list is one read by `_id`, filtered and sorted in
 * memory: the local store answers only `_id` lookups from an index (see bench/RESULTS.md),
 * and one document of 10,000 tasks is a few MB, well under the document limit.
 *
 * Derived from the instance views (which already ignore redelivered records), so applying
 * the same records again puts the same tasks: idempotent.
 */
export interface InboxTask {
  userTaskKey: string;
  caseId: string | null;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: Date | null;
  followUpDate: Date | null;
  createdAt: Date;
  /** When a timer on the task (e.g. "due date near") will escalate it to the team lead. */
  escalatesAt: Date | null;
  /** When such a timer fired: the team lead is to look at the task. */
  escalatedAt: Date | null;
}

export interface TaskInbox {
  _id: string;
  tasks: Record<string, InboxTask>;
  revision: number;
}

/** What to do to the inboxes: put an open task, or take a finished one out. */
export type InboxChange =
  { kind: 'put'; task: InboxTask } | { kind: 'remove'; userTaskKey: string; groups: string[] };

/**
 * The user tasks the records touched: their own USER_TASK records, and the timers attached to
 * them (a boundary timer's record carries the element instance it is attached to).
 */
export function touchedUserTasks(view: InstanceView, records: ZeebeRecord[]): string[] {
  const keys = new Set(records.filter((r) => r.valueType === 'USER_TASK').map((r) => r.key));
  const timerScopes = new Set(
    records.filter((r) => r.valueType === 'TIMER').map((r) => keyOf(r.value, 'elementInstanceKey')),
  );
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

export class TaskInboxStore {
  private readonly inboxes: Collection<TaskInbox>;

  constructor(db: Db) {
    this.inboxes = db.collection<TaskInbox>('task_inboxes');
  }

  /** Applies changes, one read-modify-write (revision-checked) per authority touched. */
  async apply(changes: InboxChange[]): Promise<void> {
    const byGroup = new Map<string, InboxChange[]>();
    for (const c of changes)
      for (const g of c.kind === 'put' ? c.task.candidateGroups : c.groups)
        byGroup.set(g, [...(byGroup.get(g) ?? []), c]);
    for (const [group, list] of byGroup) await this.applyToGroup(group, list);
  }

  private async applyToGroup(group: string, changes: InboxChange[]): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.inboxes.findOne({ _id: group });
      const tasks = { ...(current?.tasks ?? {}) };
      for (const c of changes) {
        if (c.kind === 'put') tasks[c.task.userTaskKey] = c.task;
        else delete tasks[c.userTaskKey];
      }
      const next: TaskInbox = { _id: group, tasks, revision: (current?.revision ?? 0) + 1 };
      if (current) {
        const res = await this.inboxes.replaceOne({ _id: group, revision: current.revision }, next);
        if (res.matchedCount === 1) return;
      } else {
        try {
          await this.inboxes.insertOne(next);
          return;
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
    }
    throw new Error(`task inbox ${group} kept changing under the projector`);
  }

  get(group: string): Promise<TaskInbox | null> {
    return this.inboxes.findOne({ _id: group });
  }

  /** Only the revision (null: no inbox yet), to see cheaply whether a copy is current. */
  async revision(group: string): Promise<number | null> {
    const doc = await this.inboxes.findOne({ _id: group }, { projection: { revision: 1 } });
    return doc?.revision ?? null;
  }
}
