import type { Queryable } from '../common/db.js';
import { groupAuthority } from '../common/candidate-groups.js';

/**
 * The open user tasks of each authority: one row per task and candidate group in
 * `read_model.inbox_tasks`. A caseworker's task list is a range of the index on their
 * authority, filtered, sorted and paged by the database (`TaskInboxStore.list`). The
 * projector derives the rows from the instance views (`projector/task-inbox.ts`).
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

/** What to do to the inboxes: put an open task, or take a finished one out. */
export type InboxChange =
  { kind: 'put'; task: InboxTask } | { kind: 'remove'; userTaskKey: string; groups: string[] };

/** A task list's filters (gateway/use-cases/list-tasks.ts); absent ones do not filter. */
export interface InboxQuery {
  /** Only tasks of these models. */
  bpmnProcessIds?: string[];
  caseId?: string;
  /** Only tasks with this candidate group (`ABH`, or an office's `ABH/DE-SN-DRESDEN`). */
  candidateGroup?: string;
  /** A subject, or 'unassigned'. */
  assignee?: string;
  overdue?: boolean;
  escalated?: boolean;
  sort: 'dueDate' | 'createdAt';
  limit: number;
  offset: number;
}

const nullableDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

function taskFromJson(raw: unknown): InboxTask {
  const t = raw as InboxTask;
  return {
    ...t,
    dueDate: nullableDate(t.dueDate),
    followUpDate: nullableDate(t.followUpDate),
    createdAt: new Date(t.createdAt),
    escalatesAt: nullableDate(t.escalatesAt),
    escalatedAt: nullableDate(t.escalatedAt),
  };
}

/**
 * Whose inbox: an authority, and the office a caseworker is bound to (token claim `office`).
 * Rows are kept per authority; a task bound to an office (candidate group `ABH/<office>`,
 * common/candidate-groups.ts) is left out for a caseworker bound to another office.
 */
export interface InboxReader {
  authority: string;
  office?: string | undefined;
}

const OTHER_OFFICE_EXCLUDED = (authority: string, office: string) =>
  `(${office}::text is null or not exists (select 1 from jsonb_array_elements_text(task->'candidateGroups') g
     where g like ${authority} || '/_%' and g <> ${authority} || '/' || ${office}::text))`;

/** The authorities' open tasks in `read_model.inbox_tasks`. */
export class TaskInboxStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Applies a batch's changes (inside the projector's transaction: pass its connection).
   * A task's last change in the batch is its state: its rows are replaced by one per
   * candidate group, or removed.
   */
  static async apply(q: Queryable, changes: InboxChange[]): Promise<void> {
    if (changes.length === 0) return;
    const last = new Map<string, InboxChange>();
    for (const c of changes) last.set(c.kind === 'put' ? c.task.userTaskKey : c.userTaskKey, c);
    await q.query('delete from read_model.inbox_tasks where user_task_key = any($1::text[])', [
      [...last.keys()],
    ]);
    const rows = [...last.values()].flatMap((c) =>
      c.kind === 'put'
        ? [...new Set(c.task.candidateGroups.map(groupAuthority))].map((group) => ({
            candidate_group: group,
            user_task_key: c.task.userTaskKey,
            task: c.task,
            case_id: c.task.caseId,
            process_instance_key: c.task.processInstanceKey,
            bpmn_process_id: c.task.bpmnProcessId,
            assignee: c.task.assignee,
            due_date: c.task.dueDate,
            created_at: c.task.createdAt,
            escalated_at: c.task.escalatedAt,
          }))
        : [],
    );
    if (rows.length === 0) return;
    await q.query(
      `insert into read_model.inbox_tasks (candidate_group, user_task_key, task, case_id,
         process_instance_key, bpmn_process_id, assignee, due_date, created_at, escalated_at)
       select * from jsonb_to_recordset($1::jsonb) as x(candidate_group text, user_task_key text,
         task jsonb, case_id text, process_instance_key text, bpmn_process_id text,
         assignee text, due_date timestamptz, created_at timestamptz, escalated_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  /** One open task of an authority (of the caseworker's office, if bound to one), or null. */
  async get(who: InboxReader, userTaskKey: string): Promise<InboxTask | null> {
    const { rows } = await this.db.query<{ task: unknown }>(
      `select task from read_model.inbox_tasks where candidate_group = $1 and user_task_key = $2
         and ${OTHER_OFFICE_EXCLUDED('$1', '$3')}`,
      [who.authority, userTaskKey, who.office ?? null],
    );
    return rows[0] ? taskFromJson(rows[0].task) : null;
  }

  /** A page of an authority's open tasks (of the caller's office, if bound to one) and how many match in all. */
  async list(
    who: InboxReader,
    query: InboxQuery,
    now: Date,
  ): Promise<{ tasks: InboxTask[]; total: number }> {
    const where = ['candidate_group = $1', OTHER_OFFICE_EXCLUDED('$1', '$2')];
    const values: unknown[] = [who.authority, who.office ?? null];
    const param = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    if (query.bpmnProcessIds)
      where.push(`bpmn_process_id = any(${param(query.bpmnProcessIds)}::text[])`);
    if (query.caseId !== undefined) where.push(`case_id = ${param(query.caseId)}`);
    if (query.candidateGroup !== undefined)
      where.push(`task->'candidateGroups' ? ${param(query.candidateGroup)}::text`);
    if (query.assignee === 'unassigned') where.push('assignee is null');
    else if (query.assignee !== undefined) where.push(`assignee = ${param(query.assignee)}`);
    if (query.overdue !== undefined) {
      const overdue = `due_date < ${param(now)}`;
      where.push(query.overdue ? overdue : `(due_date is null or not ${overdue})`);
    }
    if (query.escalated !== undefined)
      where.push(query.escalated ? 'escalated_at is not null' : 'escalated_at is null');
    // Due date first (tasks without one last), then oldest first: the index's order.
    const order =
      query.sort === 'dueDate'
        ? 'due_date asc nulls last, created_at asc, user_task_key'
        : 'created_at asc, user_task_key';
    const filter = where.join(' and ');
    // The page and the total in one statement, so from one snapshot: two queries on two
    // connections could see a projector batch between them, and the list then counted a
    // task it did not show (or showed one it did not count).
    const counted = values.slice();
    const { rows } = await this.db.query<{ task: unknown; total: string }>(
      `select task, count(*) over () as total from read_model.inbox_tasks where ${filter}
       order by ${order} limit ${param(query.limit)} offset ${param(query.offset)}`,
      values,
    );
    // A page past the end has no row to carry the total: count on its own.
    const total =
      rows[0] !== undefined
        ? Number(rows[0].total)
        : query.offset === 0
          ? 0
          : Number(
              (
                await this.db.query<{ n: string }>(
                  `select count(*) as n from read_model.inbox_tasks where ${filter}`,
                  counted,
                )
              ).rows[0]!.n,
            );
    return { tasks: rows.map((r) => taskFromJson(r.task)), total };
  }
}
