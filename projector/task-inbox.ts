import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../common/mongo.js';
import { caseIdOf, type InstanceView } from './instance-view.js';

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
}

export interface TaskInbox {
  _id: string;
  tasks: Record<string, InboxTask>;
  revision: number;
}

/** What to do to the inboxes: put an open task, or take a finished one out. */
export type InboxChange =
  { kind: 'put'; task: InboxTask } | { kind: 'remove'; userTaskKey: string; groups: string[] };

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
