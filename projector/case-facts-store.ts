import type { Queryable } from '../common/db.js';
import { caseFacts, type CaseFacts } from '../read-model/case-facts.js';
import type { Procedure } from '../processes/registry.js';
import { caseViewsFrom, type InstanceView } from '../read-model/instance-view.js';
import { findView, findViews } from '../read-model/view-store.js';

/** How many cases' last written facts the projector remembers (to skip unchanged writes). */
const REMEMBERED = 50_000;
/** Call activities nest at most this deep (a guard against a cycle in damaged data). */
const MAX_CALL_DEPTH = 10;
/** Case roots derived per round of a rebuild. */
const REBUILD_CHUNK = 500;
/** Bump when the derivation changes in a way old facts must be rebuilt for. */
export const CASE_FACTS_VERSION = 2;

/**
 * Keeps each case's facts (read-model/case-facts.ts) current in `read_model.case_facts`:
 * after the projector wrote a batch's views, every case they belong to is derived again from
 * its views and written if it changed — in the batch's transaction. A write never replaces
 * facts derived from newer views (`basis`, the sum of the views' revisions).
 */
export class CaseFactsStore {
  private readonly written = new Map<string, string>();

  constructor(private readonly procedures: Map<string, Procedure>) {}

  /** Derives and writes the facts of every case these (just written) views belong to. */
  async update(q: Queryable, touched: InstanceView[]): Promise<void> {
    const known = new Map(touched.map((v) => [v._id, v]));
    const view = async (key: string) => {
      let v = known.get(key);
      if (v === undefined) {
        v = (await findView(q, key)) ?? undefined;
        if (v) known.set(key, v);
      }
      return v ?? null;
    };
    const roots = new Set<string>();
    for (const v of touched) {
      let current: InstanceView | null = v;
      for (let depth = 0; current && current.parentProcessInstanceKey !== '-1'; depth++)
        current = depth < MAX_CALL_DEPTH ? await view(current.parentProcessInstanceKey) : null;
      // A parent not projected yet: its own change (when the child ends) derives the case.
      if (current) roots.add(current._id);
    }
    const changed: CaseFacts[] = [];
    for (const rootKey of roots) {
      const facts = caseFacts(await caseViewsFrom((await view(rootKey))!, view), this.procedures);
      const content = JSON.stringify({ ...facts, basis: 0 });
      if (this.written.get(facts._id) === content) continue;
      changed.push(facts);
      this.written.delete(facts._id);
      this.written.set(facts._id, content);
      if (this.written.size > REMEMBERED) this.written.delete(this.written.keys().next().value!);
    }
    // Derived from the newest views there are (this transaction holds them): same or newer.
    await upsertFacts(q, changed, '<=');
  }

  /** Forgets what was written (a batch rolled back: its writes are not in the store). */
  forget(): void {
    this.written.clear();
  }
}

/**
 * Inserts facts, or replaces stored ones whose basis compares as given (`<`: only older
 * ones; `<=`: older or from the same views).
 */
async function upsertFacts(q: Queryable, facts: CaseFacts[], guard: '<' | '<='): Promise<void> {
  if (facts.length === 0) return;
  await q.query(
    `insert into read_model.case_facts as f
       (root_key, facts, basis, case_id, procedure, state, started_at, ended_at, open_incidents)
     select x.root_key, x.facts, x.basis, x.case_id, x.procedure, x.state, x.started_at,
       x.ended_at, x.open_incidents
     from jsonb_to_recordset($1::jsonb) as x(root_key text, facts jsonb, basis bigint,
       case_id text, procedure text, state text, started_at bigint, ended_at bigint,
       open_incidents int)
     on conflict (root_key) do update set facts = excluded.facts, basis = excluded.basis,
       case_id = excluded.case_id, procedure = excluded.procedure, state = excluded.state,
       started_at = excluded.started_at, ended_at = excluded.ended_at,
       open_incidents = excluded.open_incidents
     where f.basis ${guard} excluded.basis`,
    [
      JSON.stringify(
        facts.map((f) => ({
          root_key: f._id,
          facts: f,
          basis: f.basis,
          case_id: f.caseId,
          procedure: f.procedure,
          state: f.state,
          started_at: f.startedAt,
          ended_at: f.endedAt,
          open_incidents: f.openIncidents,
        })),
      ),
    ],
  );
}

/** One case's facts from the store, by its root instance key. */
export async function findCaseFacts(q: Queryable, rootKey: string): Promise<CaseFacts | null> {
  const { rows } = await q.query<{ facts: CaseFacts }>(
    'select facts from read_model.case_facts where root_key = $1',
    [rootKey],
  );
  return rows[0]?.facts ?? null;
}

/** Inserts facts; where a case's facts are there already, the newer wins. */
export async function insertAll(q: Queryable, facts: CaseFacts[]): Promise<void> {
  for (let i = 0; i < facts.length; i += 1000) await upsertFacts(q, facts.slice(i, i + 1000), '<');
}

/**
 * Derives every case's facts from the stored views: once, when a projection predates the
 * facts (no marker) or its facts come from an older CASE_FACTS_VERSION, or on request (`npm
 * run case-facts:rebuild`, e.g. after stages or statutory deadlines changed in the registry).
 * Walks the case roots in key order, a chunk at a time, so memory stays at one chunk.
 */
export async function rebuildCaseFacts(
  q: Queryable,
  procedures: Map<string, Procedure>,
  options: { force: boolean; log: (message: string, meta?: object) => void },
): Promise<{ cases: number; ms: number } | null> {
  const marker = (
    await q.query<{ version: number }>(
      `select version from read_model.projection_meta where name = 'case_facts'`,
    )
  ).rows[0];
  if (!options.force && marker && marker.version >= CASE_FACTS_VERSION) return null;
  const startedAt = Date.now();
  // Facts of an older derivation (or any, when forced) go first: a derivation from the same
  // views would not replace them (same basis). Without a marker, what is there was written by
  // the running projector with this derivation, and the newer of the two is kept.
  if (options.force || marker) await q.query('delete from read_model.case_facts');
  let cases = 0;
  let after = '';
  for (;;) {
    const { rows } = await q.query<{ id: string }>(
      `select id from read_model.process_instances where parent_id = '-1' and id > $1
       order by id limit ${REBUILD_CHUNK}`,
      [after],
    );
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const roots = await findViews(
      q,
      rows.map((r) => r.id),
    );
    const facts: CaseFacts[] = [];
    for (const root of roots.values())
      facts.push(caseFacts(await caseViewsFrom(root, (k) => findView(q, k)), procedures));
    await insertAll(q, facts);
    cases += facts.length;
    options.log('case facts derived', { cases });
  }
  await q.query(
    `insert into read_model.projection_meta (name, version, built_at) values ('case_facts', $1, now())
     on conflict (name) do update set version = excluded.version, built_at = excluded.built_at`,
    [CASE_FACTS_VERSION],
  );
  return { cases, ms: Date.now() - startedAt };
}
