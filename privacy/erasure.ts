import { inTransaction, type Pool, type PoolClient, type Queryable } from '../common/db.js';
import { EngineError, type EngineClient } from '../common/engine.js';
import { shredPersonKey } from '../common/person-keys.js';
import {
  addDuration,
  DATA_CLASSES,
  RetentionTable,
  type DataClass,
  type RetentionPeriod,
} from './retention.js';

/**
 * The erasure job: removes or anonymises each ended case's personal data when its period in
 * the decision table `wsa-retention` has passed (docs/data-protection.md).
 *
 * 1. Plan: an ended case without a row in `read_model.erasure_cases` gets one, with the due
 *    date of each data class (end of the case + the table's period; never later than the
 *    case data's) and the legal basis. The table is asked once, when the case is first seen
 *    ended: a period changed later applies to cases that end later.
 * 2. Erase: each due class of a case not under a legal hold, in one transaction with the
 *    mark in `erased`. The engine's history is deleted through its REST API just before the
 *    case data's transaction; deleting it again finds nothing, so a run killed between the
 *    two only repeats that step.
 *
 * Idempotent and safe to kill anywhere: every step either committed with its mark or not at
 * all, and every delete of something already gone deletes nothing. One run at a time
 * (an advisory lock); a second one returns at once.
 */
export interface ErasureDeps {
  pool: Pool;
  engine: EngineClient;
}

export interface ErasureRun {
  /** False: another run held the lock. */
  ran: boolean;
  planned: string[];
  erased: { caseId: string; classes: DataClass[] }[];
  /** Cases with due data under an active legal hold. */
  held: string[];
}

const LOCK = 'wsa-erasure';
/** Requests to correct a case's data (Art. 16 GDPR) live no longer than that case's data. */
const CORRECTION_PROCEDURE = 'data-correction';
const PLAN_BATCH = 200;

export async function runErasure(deps: ErasureDeps, now: Date): Promise<ErasureRun> {
  const lockClient = await deps.pool.connect();
  try {
    const { rows } = await lockClient.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtext($1)) as locked',
      [LOCK],
    );
    if (!rows[0]?.locked) return { ran: false, planned: [], erased: [], held: [] };
    try {
      const planned = await planErasures(deps);
      const erased: ErasureRun['erased'] = [];
      const held = new Set<string>();
      // Again while something was erased: erasing a case's data brings its correction
      // requests forward (a few rounds at most).
      for (let round = 0; round < 3; round++) {
        const r = await eraseDue(deps, now);
        erased.push(...r.erased);
        r.held.forEach((c) => held.add(c));
        if (r.erased.length === 0) break;
      }
      return { ran: true, planned, erased, held: [...held] };
    } finally {
      await lockClient.query('select pg_advisory_unlock(hashtext($1))', [LOCK]);
    }
  } finally {
    lockClient.release();
  }
}

/** Gives every ended case its row of due dates (step 1). */
export async function planErasures(deps: ErasureDeps): Promise<string[]> {
  const table = new RetentionTable(deps.engine);
  const planned: string[] = [];
  for (;;) {
    const { rows } = await deps.pool.query<{
      case_id: string;
      procedure: string;
      ended_at: string;
      notice_outcome: string | null;
      parent_erased: string | null;
    }>(
      `select f.case_id, coalesce(f.procedure, f.facts->>'bpmnProcessId') as procedure,
              f.ended_at,
              (select n.notice->>'outcome' from read_model.notices n
                where n.case_id = f.case_id order by n.issued_at desc limit 1) as notice_outcome,
              (select p.erased->>'caseData' from read_model.cases c
                 join read_model.erasure_cases p on p.case_id = c.linked_case_id
                where c.id = f.case_id and c.procedure = $1) as parent_erased
         from read_model.case_facts f
        where f.case_id is not null and f.ended_at is not null and f.state <> 'ACTIVE'
          and not exists (select 1 from read_model.erasure_cases e where e.case_id = f.case_id)
        order by f.ended_at limit ${PLAN_BATCH}`,
      [CORRECTION_PROCEDURE],
    );
    if (rows.length === 0) return planned;
    for (const row of rows) {
      const endedAt = new Date(Number(row.ended_at));
      const outcome = await table.outcome(row.notice_outcome);
      const periods = await table.periods(row.procedure, outcome);
      // A correction request of a case whose data are gone goes at once.
      const due = dueDates(
        endedAt,
        periods,
        row.parent_erased ? new Date(row.parent_erased) : null,
      );
      await alignEngineHistory(deps, row.case_id, new Date(due.caseData));
      const inserted = await deps.pool.query(
        `insert into read_model.erasure_cases (case_id, procedure, outcome, ended_at, due, basis)
         values ($1, $2, $3, $4, $5, $6) on conflict (case_id) do nothing`,
        [
          row.case_id,
          row.procedure,
          outcome,
          endedAt,
          JSON.stringify(due),
          JSON.stringify(
            Object.fromEntries(
              DATA_CLASSES.map((c) => [
                c,
                { period: periods[c].period, legalBasis: periods[c].legalBasis },
              ]),
            ),
          ),
        ],
      );
      if (inserted.rowCount === 1) planned.push(row.case_id);
    }
    if (rows.length < PLAN_BATCH) return planned;
  }
}

/**
 * The engine's own history cleanup (removal-time based) then removes the case's history at the
 * same date as the table, should this job not run: the removal time of every instance of the
 * case is set to the case data's due date (an engine batch; repeating it sets the same date).
 */
async function alignEngineHistory(deps: ErasureDeps, caseId: string, at: Date): Promise<void> {
  const instances = await caseInstances(deps.pool, deps.engine, caseId);
  if (instances.length === 0) return;
  try {
    await deps.engine.request('POST', '/history/process-instance/set-removal-time', {
      absoluteRemovalTime: at.toISOString().replace('Z', '+0000'),
      hierarchical: true,
      historicProcessInstanceIds: instances,
    });
  } catch (err) {
    // The engine has no history of these instances any more (removed by its own cleanup or
    // by an operator): nothing to align. Any other refusal stops the plan, to be run again.
    if (!/historicProcessInstances is empty/.test((err as Error).message)) throw err;
  }
}

/** The date each class falls due: never after the case data (nothing outlives its case). */
export function dueDates(
  endedAt: Date,
  periods: Record<DataClass, RetentionPeriod>,
  /** No class is kept after this (the case a correction request was about is erased). */
  latest: Date | null = null,
): Record<DataClass, string> {
  const own = addDuration(endedAt, periods.caseData.period);
  const caseData = latest && latest < own ? latest : own;
  return Object.fromEntries(
    DATA_CLASSES.map((c) => {
      const due = addDuration(endedAt, periods[c].period);
      return [c, (due < caseData ? due : caseData).toISOString()];
    }),
  ) as Record<DataClass, string>;
}

interface ErasureRow {
  case_id: string;
  due: Record<DataClass, string>;
  erased: Partial<Record<DataClass, string>>;
  held: boolean;
}

/** Erases every due class of every planned case not under a hold (step 2). */
export async function eraseDue(
  deps: ErasureDeps,
  now: Date,
): Promise<{ erased: ErasureRun['erased']; held: string[] }> {
  const { rows } = await deps.pool.query<ErasureRow>(
    `select e.case_id, e.due, e.erased,
            exists (select 1 from read_model.legal_holds h
                     where h.case_id = e.case_id and h.released_at is null) as held
       from read_model.erasure_cases e
      where not (e.erased ?& array['documents', 'caseData', 'notices', 'technicalLogs'])
        and exists (select 1 from jsonb_each_text(e.due) d
                     where (d.value)::timestamptz <= $1 and not e.erased ? d.key)
      order by e.ended_at`,
    [now],
  );
  const erased: ErasureRun['erased'] = [];
  const held: string[] = [];
  for (const row of rows) {
    if (row.held) {
      held.push(row.case_id);
      continue;
    }
    const due = DATA_CLASSES.filter(
      (c) => !row.erased[c] && new Date(row.due[c]).getTime() <= now.getTime(),
    );
    // Case data last: the other classes are found through it.
    const order = due.sort((a, b) => Number(a === 'caseData') - Number(b === 'caseData'));
    for (const dataClass of order) await eraseClass(deps, row.case_id, dataClass, now);
    erased.push({ caseId: row.case_id, classes: order });
  }
  return { erased, held };
}

/** The process instances of a case: every instance with the case id as business key. */
async function caseInstances(q: Queryable, engine: EngineClient, caseId: string) {
  const [engineSide, readSide] = await Promise.all([
    engine.request<{ id: string }[]>(
      'GET',
      `/history/process-instance?processInstanceBusinessKey=${encodeURIComponent(caseId)}`,
    ),
    q.query<{ id: string }>(
      `select id from read_model.process_instances where case_id = $1
       union select process_instance_key from read_model.case_instances where case_id = $1`,
      [caseId],
    ),
  ]);
  return [...new Set([...engineSide.map((i) => i.id), ...readSide.rows.map((r) => r.id)])];
}

async function eraseClass(deps: ErasureDeps, caseId: string, dataClass: DataClass, now: Date) {
  const instances = await caseInstances(deps.pool, deps.engine, caseId);
  if (dataClass === 'caseData') {
    for (const id of instances) {
      try {
        await deps.engine.request('DELETE', `/history/process-instance/${encodeURIComponent(id)}`);
      } catch (err) {
        if (!(err instanceof EngineError && err.status === 404)) throw err;
      }
    }
  }
  await inTransaction(deps.pool, async (client) => {
    const { rows } = await client.query<{ erased: Record<string, string> }>(
      'select erased from read_model.erasure_cases where case_id = $1 for update',
      [caseId],
    );
    if (!rows[0] || rows[0].erased[dataClass]) return; // another run did it
    await ERASE[dataClass](client, caseId, instances, now);
    await client.query(
      `update read_model.erasure_cases set erased = erased || jsonb_build_object($2::text, $3::text)
       where case_id = $1`,
      [caseId, dataClass, now.toISOString()],
    );
  });
}

type Eraser = (client: PoolClient, caseId: string, instances: string[], now: Date) => Promise<void>;

const ERASE: Record<DataClass, Eraser> = {
  documents: async (c, caseId) => {
    await c.query('delete from read_model.document_checks where case_id = $1', [caseId]);
    await c.query('delete from read_model.document_shares where case_id = $1', [caseId]);
    await c.query(
      `delete from read_model.document_files where id in (
         select $1 || ':' || sha256 from read_model.documents where case_id = $1
         union select id from read_model.documents where case_id = $1)`,
      [caseId],
    );
    await c.query('delete from read_model.documents where case_id = $1', [caseId]);
  },
  notices: async (c, caseId) => {
    await c.query('delete from read_model.notices where case_id = $1', [caseId]);
  },
  technicalLogs: async (c, caseId, instances) => {
    await c.query('delete from engine_events where process_instance_id = any($1::text[])', [
      instances,
    ]);
    await c.query('delete from read_model.start_requests where case_id = $1', [caseId]);
    await c.query('delete from read_model.message_deliveries where case_id = $1', [caseId]);
  },
  caseData: async (c, caseId, instances, now) => {
    // Everything else first (a class due later than the case data is due with it).
    for (const other of ['documents', 'notices', 'technicalLogs'] as const)
      await ERASE[other](c, caseId, instances, now);
    // The correction requests about this case fall due now (those still running when they end).
    await c.query(
      `update read_model.erasure_cases e
          set due = (select jsonb_object_agg(d.key, least(d.value::timestamptz, $3::timestamptz))
                       from jsonb_each_text(e.due) d)
         from read_model.cases r
        where r.id = e.case_id and r.linked_case_id = $1 and r.procedure = $2`,
      [caseId, CORRECTION_PROCEDURE, now],
    );
    // The person: the account the case is for, or the applicant's own account that started it
    // (a correction request names no applicant).
    const { rows: parties } = await c.query<{ subject: string | null }>(
      `select applicant_id as subject from read_model.cases where id = $1
       union select created_by from read_model.cases where id = $1 and created_by_role = 'applicant'`,
      [caseId],
    );
    await c.query('delete from read_model.process_instances where id = any($1::text[])', [
      instances,
    ]);
    await c.query(
      `delete from read_model.data_transfers
        where case_id = $1 or process_instance_id = any($2::text[])`,
      [caseId, instances],
    );
    // The case's events and their webhook copies (minimised, but still about the person).
    await c.query(
      `delete from read_model.webhook_deliveries where event_id in (
         select id from read_model.case_events where case_id = $1)`,
      [caseId],
    );
    await c.query('delete from read_model.case_events where case_id = $1', [caseId]);
    for (const table of ['inbox_tasks', 'case_instances', 'case_grants', 'evidence'])
      await c.query(`delete from read_model.${table} where case_id = $1`, [caseId]);
    await c.query('delete from read_model.cases where id = $1', [caseId]);
    // The facts stay for KPIs and predictions, without the case id.
    await c.query(
      `update read_model.case_facts set case_id = null,
         facts = jsonb_set(facts, '{caseId}', 'null'::jsonb) where case_id = $1`,
      [caseId],
    );
    for (const subject of parties.map((p) => p.subject)) {
      if (subject) await erasePersonIfDone(c, subject);
    }
  },
};

/**
 * A person none of whose cases is kept any more: their once-only profile, the standing grants
 * they gave and their person key (which unlinks their audit entries) go too.
 */
async function erasePersonIfDone(c: PoolClient, subject: string): Promise<void> {
  const { rows } = await c.query(
    'select 1 from read_model.cases where applicant_id = $1 or created_by = $1 limit 1',
    [subject],
  );
  if (rows.length > 0) return;
  await c.query('delete from read_model.profiles where subject = $1', [subject]);
  await c.query(
    `delete from read_model.standing_grants where grantor_kind = 'person' and grantor = $1`,
    [subject],
  );
  await shredPersonKey(c, subject);
}
