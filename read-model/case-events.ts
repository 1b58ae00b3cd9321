import type { Queryable } from '../common/db.js';

/**
 * The events of cases (issue 20): every change a party may see, one row per change in
 * `read_model.case_events`, derived by the projector from the views a batch changed and
 * written in that batch's transaction (exactly once per change, in commit order: one writer).
 * A row holds the full payload; who receives which fields is decided per receiver at delivery
 * (`gateway/events/visibility.ts`), so one row serves every webhook and stream.
 */
export const CASE_EVENT_TYPES = [
  'case.started',
  'case.ended',
  'case.waiting-for-you',
  'case.document-requested',
  'case.notice-issued',
  'case.decision',
  'case.deadline-set',
  'case.deadline-passed',
  'task.created',
  'task.claimed',
  'task.completed',
  'incident.created',
  'incident.resolved',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** The variables whose new value is a request for documents or information (Nachforderung). */
export const REQUEST_VARIABLES = ['missingDocuments', 'nachforderung', 'baInformationRequest'];
/** The variables whose new value is a decision of an authority. */
export const DECISION_VARIABLES = [
  'zustimmungOutcome',
  'recognitionDecision',
  'visaDecision',
  'vorabzustimmung',
  'permitDecision',
];

/** An event as the projector derives it (before it has an id). */
export interface NewCaseEvent {
  type: CaseEventType;
  caseId: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  at: Date;
  data: Record<string, unknown>;
}

export interface StoredCaseEvent extends NewCaseEvent {
  /** Monotonic: the order events were committed in (one writer, the projector). */
  id: string;
}

/**
 * Inserts a batch's events, in the caller's transaction. Readers go by id (`id > last`), so ids
 * must commit in their order: a transaction-scoped advisory lock, held until the commit, lets
 * one writer at a time take ids — even while a projector that just lost its lease still
 * finishes a batch.
 */
export async function insertCaseEvents(q: Queryable, events: NewCaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  await q.query(`select pg_advisory_xact_lock(hashtext('read_model.case_events'))`);
  await q.query(
    `insert into read_model.case_events (type, case_id, process_instance_key, bpmn_process_id, at, data)
     select x.e->>'type', x.e->>'case_id', x.e->>'pik', x.e->>'bpid', (x.e->>'at')::timestamptz,
            x.e->'data'
       from jsonb_array_elements($1::jsonb) with ordinality as x(e, n)
      order by x.n`,
    [
      JSON.stringify(
        events.map((e) => ({
          type: e.type,
          case_id: e.caseId,
          pik: e.processInstanceKey,
          bpid: e.bpmnProcessId,
          at: e.at.toISOString(),
          data: e.data,
        })),
      ),
    ],
  );
}

type Row = {
  id: string;
  type: CaseEventType;
  case_id: string;
  process_instance_key: string;
  bpmn_process_id: string;
  at: Date;
  data: Record<string, unknown>;
};

/** The events after `afterId`, oldest first (at most `limit`). */
export async function readCaseEvents(
  q: Queryable,
  afterId: string,
  limit: number,
): Promise<StoredCaseEvent[]> {
  const { rows } = await q.query<Row>(
    `select id::text as id, type, case_id, process_instance_key, bpmn_process_id, at, data
       from read_model.case_events where id > $1::bigint order by id limit $2`,
    [afterId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    caseId: r.case_id,
    processInstanceKey: r.process_instance_key,
    bpmnProcessId: r.bpmn_process_id,
    at: r.at,
    data: r.data,
  }));
}

/** The newest event's id ('0' when there is none). */
export async function lastCaseEventId(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    'select coalesce(max(id), 0)::text as id from read_model.case_events',
  );
  return rows[0]?.id ?? '0';
}
