import type { Queryable } from '../common/db.js';
import { caseIdOf, type InstanceView } from './instance-view.js';

/**
 * An instance view as the store keeps it: JSONB (`read_model.process_instances.view`). JSON
 * has no dates, so the view's dates are written as ISO strings and turned back into `Date`s
 * here, field by field — never by guessing from a string's look, since variable values are
 * the case's own data and stay exactly as they were.
 */
const date = (v: unknown): Date | undefined =>
  typeof v === 'string' || typeof v === 'number' ? new Date(v) : undefined;
const dateOrNull = (v: unknown): Date | null => date(v) ?? null;

function reviveEach<T extends object>(
  map: Record<string, T> | undefined,
  fields: readonly string[],
  nullable = false,
): void {
  for (const item of Object.values(map ?? {}))
    for (const f of fields) {
      const rec = item as Record<string, unknown>;
      if (f in rec) rec[f] = nullable ? dateOrNull(rec[f]) : date(rec[f]);
    }
}

/** The view a stored JSONB document holds, with its dates as `Date`s again. */
export function viewFromJson(raw: unknown): InstanceView {
  const view = raw as InstanceView;
  if (view.startedAt !== undefined) view.startedAt = date(view.startedAt);
  if (view.endedAt !== undefined) view.endedAt = date(view.endedAt);
  reviveEach(view.elements, ['activatedAt', 'endedAt']);
  for (const h of view.history ?? []) h.at = date(h.at)!;
  reviveEach(view.timers, ['dueDate']);
  reviveEach(view.incidents, ['createdAt', 'resolvedAt']);
  reviveEach(view.userTasks, ['dueDate', 'followUpDate'], true);
  reviveEach(view.userTasks, ['createdAt', 'endedAt']);
  return view;
}

/** One instance's view from the store, by its key. */
export async function findView(
  q: Queryable,
  processInstanceKey: string,
): Promise<InstanceView | null> {
  const { rows } = await q.query<{ view: unknown }>(
    'select view from read_model.process_instances where id = $1',
    [processInstanceKey],
  );
  return rows[0] ? viewFromJson(rows[0].view) : null;
}

/** Several instances' views by key (those that exist), locked for update when asked. */
export async function findViews(
  q: Queryable,
  keys: string[],
  forUpdate = false,
): Promise<Map<string, InstanceView>> {
  if (keys.length === 0) return new Map();
  const { rows } = await q.query<{ view: unknown }>(
    `select view from read_model.process_instances where id = any($1::text[])
     order by id${forUpdate ? ' for update' : ''}`,
    [keys],
  );
  const views = rows.map((r) => viewFromJson(r.view));
  return new Map(views.map((v) => [v._id, v]));
}

/** A write found another writer's view in the store (a lost lease): the batch rolls back. */
export class ConcurrentWriteError extends Error {}

/** Inserts or replaces views; each replace must follow the revision it was read at. */
export async function writeViews(q: Queryable, views: InstanceView[]): Promise<void> {
  if (views.length === 0) return;
  const res = await q.query(
    `insert into read_model.process_instances as p (id, view, revision, bpmn_process_id,
       process_definition_key, parent_id, state, case_id, open_incidents, updated_at)
     select x.id, x.view, x.revision, x.bpmn_process_id, x.process_definition_key, x.parent_id,
       x.state, x.case_id, x.open_incidents, now()
     from jsonb_to_recordset($1::jsonb) as x(id text, view jsonb, revision bigint,
       bpmn_process_id text, process_definition_key text, parent_id text, state text,
       case_id text, open_incidents int)
     on conflict (id) do update set view = excluded.view, revision = excluded.revision,
       bpmn_process_id = excluded.bpmn_process_id,
       process_definition_key = excluded.process_definition_key, parent_id = excluded.parent_id,
       state = excluded.state, case_id = excluded.case_id,
       open_incidents = excluded.open_incidents, updated_at = now()
     where p.revision = excluded.revision - 1`,
    [
      JSON.stringify(
        views.map((v) => ({
          id: v._id,
          view: v,
          revision: v.revision,
          bpmn_process_id: v.bpmnProcessId,
          process_definition_key: v.processDefinitionKey,
          parent_id: v.parentProcessInstanceKey,
          state: v.state,
          case_id: caseIdOf(v) ?? null,
          open_incidents: v.openIncidents ?? 0,
        })),
      ),
    ],
  );
  if (res.rowCount !== views.length)
    throw new ConcurrentWriteError(
      `${views.length - (res.rowCount ?? 0)} of ${views.length} views changed under the projector`,
    );
}
