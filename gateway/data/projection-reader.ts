import type { Queryable } from '../../common/db.js';
import {
  caseViewsFrom,
  MAX_INSTANCES_PER_CASE,
  type InstanceView,
} from '../../read-model/instance-view.js';
import { findView, viewFromJson } from '../../read-model/view-store.js';

/**
 * A case's instance views: the root ($1), then along each view's `children` by primary key,
 * at most $2 levels deep and $3 rows (guards; `caseViewsFrom` applies the real limit).
 */
export const CASE_TREE_SQL = `with recursive tree (id, view, depth) as (
    select id, view, 0 from read_model.process_instances where id = $1
    union all
    select c.id, c.view, t.depth + 1
    from tree t
    cross join lateral jsonb_object_keys(
      case when jsonb_typeof(t.view->'children') = 'object' then t.view->'children'
           else '{}'::jsonb end) as k(child)
    join read_model.process_instances c on c.id = k.child
    where t.depth < $2
  )
  select view from tree limit $3`;

/**
 * Read-only access to the projection (never the engine): the instance views in
 * `read_model.process_instances`, each read by its primary key or through an index.
 */
export class ProjectionReader {
  constructor(private readonly db: Queryable) {}

  /**
   * The root instance and every instance its call activities started, root first (in the
   * order of `caseViewsFrom`). One statement: the tree is walked in the database along each
   * view's `children`, by primary key — a status read is one round trip, not one per called
   * process (a skilled-worker case has up to a dozen).
   */
  async caseInstances(rootKey: string): Promise<InstanceView[]> {
    const { rows } = await this.db.query<{ view: unknown }>(CASE_TREE_SQL, [
      rootKey,
      MAX_INSTANCES_PER_CASE,
      MAX_INSTANCES_PER_CASE * 2,
    ]);
    const byKey = new Map(rows.map((r) => viewFromJson(r.view)).map((v) => [v._id, v]));
    const root = byKey.get(rootKey);
    return root ? caseViewsFrom(root, async (key) => byKey.get(key) ?? null) : [];
  }

  /**
   * The running instances of one process definition (a process owner's question before a
   * migration), from the partial index on active instances by definition.
   */
  async activeInstancesOf(
    processDefinitionKey: string,
    limit: number,
  ): Promise<{ processInstanceKey: string; caseId: string | null; activeElementIds: string[] }[]> {
    const { rows } = await this.db.query<{ id: string; case_id: string | null; elements: unknown }>(
      `select id, case_id, view->'elements' as elements from read_model.process_instances
       where process_definition_key = $1 and state = 'ACTIVE' order by id limit $2`,
      [processDefinitionKey, limit],
    );
    return rows.map((r) => ({
      processInstanceKey: r.id,
      caseId: r.case_id,
      // What a migration must map: the active elements below the process itself.
      activeElementIds: [
        ...new Set(
          Object.values((r.elements ?? {}) as InstanceView['elements'])
            .filter((e) => e.state === 'ACTIVE' && e.type !== 'PROCESS')
            .map((e) => e.elementId),
        ),
      ],
    }));
  }

  /**
   * The instances of one process (any deployed one, with or without a case), most recently
   * changed first, optionally in one state (INCIDENT: with an open incident).
   */
  async instancesOfProcess(
    bpmnProcessId: string,
    q: { state?: string; limit: number },
  ): Promise<ProcessInstanceRow[]> {
    const state =
      q.state === undefined
        ? ''
        : q.state === 'INCIDENT'
          ? 'and open_incidents > 0'
          : 'and state = $3 and open_incidents = 0';
    const { rows } = await this.db.query<{
      id: string;
      case_id: string | null;
      state: string;
      open_incidents: number;
      version: number;
      started_at: string | null;
      ended_at: string | null;
      parent_id: string;
    }>(
      `select id, case_id, state, open_incidents, (view->>'version')::int as version,
         view->>'startedAt' as started_at, view->>'endedAt' as ended_at, parent_id
       from read_model.process_instances where bpmn_process_id = $1 ${state}
       order by updated_at desc, id limit $2`,
      [bpmnProcessId, q.limit, ...(q.state && q.state !== 'INCIDENT' ? [q.state] : [])],
    );
    return rows.map((r) => ({
      processInstanceKey: r.id,
      caseId: r.case_id,
      state: r.open_incidents > 0 ? 'INCIDENT' : (r.state as ProcessInstanceRow['state']),
      version: r.version,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      calledBy: r.parent_id === '-1' ? null : r.parent_id,
    }));
  }

  /** The instances with an open incident (a partial index holds just these). */
  async withOpenIncidents(): Promise<InstanceView[]> {
    const { rows } = await this.db.query<{ view: unknown }>(
      'select view from read_model.process_instances where open_incidents > 0 order by id',
    );
    return rows.map((r) => viewFromJson(r.view));
  }

  instance(processInstanceKey: string): Promise<InstanceView | null> {
    return findView(this.db, processInstanceKey);
  }
}

/** An instance as the explorer lists it. */
export interface ProcessInstanceRow {
  processInstanceKey: string;
  caseId: string | null;
  /** INCIDENT: an open incident. */
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'INCIDENT';
  version: number;
  startedAt: string | null;
  endedAt: string | null;
  /** The instance whose call activity started it, or null. */
  calledBy: string | null;
}

/** Variables of a view, limited to the allowed names. */
/**
 * "Now" as the engine sees it, from what the projection shows of a case: the wall clock, or
 * the engine's time of the case's last event if that is later (a test environment may run
 * the engine's clock ahead).
 */
export function projectionNow(views: InstanceView[]): number {
  let latest = Date.now();
  for (const v of views)
    for (const e of Object.values(v.elements))
      for (const t of [e.activatedAt, e.endedAt])
        if (t) latest = Math.max(latest, new Date(t).getTime());
  return latest;
}

export function pickVariables(view: InstanceView, names: string[]): Record<string, unknown> {
  return Object.fromEntries(
    view.variables.filter((v) => names.includes(v.name)).map((v) => [v.name, v.value]),
  );
}

export function openSubscriptions(view: InstanceView, caseId: string) {
  return Object.values(view.subscriptions).filter(
    (s) => s.state === 'OPEN' && s.correlationKey === caseId,
  );
}
