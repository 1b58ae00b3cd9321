import type { Queryable } from '../../common/db.js';
import { GrantsStore, StandingGrantsStore } from './grants-store.js';
import { ProfilesStore } from './profiles-store.js';
import { StaffStore } from './staff-store.js';

/**
 * The gateway's own records (`read_model.cases`, `start_requests`, `case_instances`,
 * `message_deliveries`). Everything about a case's progress comes from the projection. Each
 * record is written once (its primary key makes a repeat a no-op) and read by key or index.
 */

/** Who started a case and what it is; never changed after insert. */
export interface CaseDoc {
  _id: string;
  procedure: string;
  createdBy: string;
  createdByRole: string;
  employerId?: string;
  applicantId?: string;
  createdAt: Date;
  /** The case this one belongs to (family reunification: the skilled worker's case). */
  linkedCaseId?: string;
  /** Whom the case is about, by name (personal data: shown per data-minimisation.ts). */
  subject?: CaseSubject;
}

export interface CaseSubject {
  givenName: string;
  familyName: string;
}

/** One per `<subject>:<Idempotency-Key>`: one key starts at most one case. */
export interface StartRequest {
  _id: string;
  caseId: string;
  procedure: string;
  requestHash: string;
  startAttemptAt: Date;
}

/** A case as the use cases see it: the case and, once the engine has it, its instance. */
export interface CaseRecord extends CaseDoc {
  processInstanceKey: string | null;
}

export interface MessageDelivery {
  _id: string;
  caseId: string;
  messageName: string;
  sentBy: string;
  requestHash: string;
  /** When the key was claimed (the last attempt to deliver). */
  at: Date;
  /** When the engine took the message; null while an attempt is under way or was cut off. */
  deliveredAt?: Date | null;
}

type CaseRow = {
  id: string;
  procedure: string;
  created_by: string;
  created_by_role: string;
  employer_id: string | null;
  applicant_id: string | null;
  created_at: Date;
  linked_case_id: string | null;
  subject: CaseSubject | null;
};

const CASE_COLUMNS =
  'id, procedure, created_by, created_by_role, employer_id, applicant_id, created_at, linked_case_id, subject';

function caseFromRow(r: CaseRow): CaseDoc {
  return {
    _id: r.id,
    procedure: r.procedure,
    createdBy: r.created_by,
    createdByRole: r.created_by_role,
    ...(r.employer_id !== null ? { employerId: r.employer_id } : {}),
    ...(r.applicant_id !== null ? { applicantId: r.applicant_id } : {}),
    createdAt: r.created_at,
    ...(r.linked_case_id !== null ? { linkedCaseId: r.linked_case_id } : {}),
    ...(r.subject !== null ? { subject: r.subject } : {}),
  };
}

type StartRow = {
  scope: string;
  case_id: string;
  procedure: string;
  request_hash: string;
  start_attempt_at: Date;
};

const startFromRow = (r: StartRow): StartRequest => ({
  _id: r.scope,
  caseId: r.case_id,
  procedure: r.procedure,
  requestHash: r.request_hash,
  startAttemptAt: r.start_attempt_at,
});

type DeliveryRow = {
  id: string;
  case_id: string;
  message_name: string;
  sent_by: string;
  request_hash: string;
  at: Date;
  delivered_at: Date | null;
};

const deliveryFromRow = (r: DeliveryRow): MessageDelivery => ({
  _id: r.id,
  caseId: r.case_id,
  messageName: r.message_name,
  sentBy: r.sent_by,
  requestHash: r.request_hash,
  at: r.at,
  deliveredAt: r.delivered_at,
});

/** How many case records the gateway keeps in memory (about 0.5 KB each). */
const KNOWN_CASES = 100_000;

/** A map that forgets its oldest entry when full (enough for write-once records). */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

export class CasesStore {
  /** Who else the applicant let see the case. */
  readonly grants: GrantsStore;
  /** Whom an organisation or a person lets act in their name, beyond one case. */
  readonly standingGrants: StandingGrantsStore;
  /** The caseworkers of each authority (the members of its candidate group). */
  readonly staff: StaffStore;
  /** What people with an account gave once. */
  readonly profiles: ProfilesStore;
  /** Cases with their instance, as read before (both never change once written). */
  private readonly known = new BoundedMap<string, CaseRecord>(KNOWN_CASES);

  constructor(private readonly db: Queryable) {
    this.grants = new GrantsStore(db);
    this.standingGrants = new StandingGrantsStore(db);
    this.staff = new StaffStore(db);
    this.profiles = new ProfilesStore(db);
  }

  /** Claims an idempotency scope; returns the earlier claim if there is one. */
  async claimStart(request: StartRequest): Promise<{ created: boolean; request: StartRequest }> {
    const inserted = await this.db.query(
      `insert into read_model.start_requests (scope, case_id, procedure, request_hash, start_attempt_at)
       values ($1, $2, $3, $4, $5) on conflict (scope) do nothing`,
      [request._id, request.caseId, request.procedure, request.requestHash, request.startAttemptAt],
    );
    if (inserted.rowCount === 1) return { created: true, request };
    const { rows } = await this.db.query<StartRow>(
      'select * from read_model.start_requests where scope = $1',
      [request._id],
    );
    if (!rows[0]) throw new Error(`start request ${request._id} vanished`);
    return { created: false, request: startFromRow(rows[0]) };
  }

  /** Inserts the case record (a no-op if an earlier attempt already did). */
  async saveCase(doc: CaseDoc): Promise<void> {
    await this.db.query(
      `insert into read_model.cases (${CASE_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (id) do nothing`,
      [
        doc._id,
        doc.procedure,
        doc.createdBy,
        doc.createdByRole,
        doc.employerId ?? null,
        doc.applicantId ?? null,
        doc.createdAt,
        doc.linkedCaseId ?? null,
        doc.subject ? JSON.stringify(doc.subject) : null,
      ],
    );
  }

  /**
   * The cases a party has: applicant by account, employer by organisation or as creator,
   * agent as creator, newest first, plus the given ids (granted ones). Each party's newest
   * from its index, merged.
   */
  async listFor(
    party: { applicantId?: string; employerId?: string; createdBy: string },
    alsoIds: string[],
    limit: number,
  ): Promise<CaseDoc[]> {
    const newest = (column: string, n: number) =>
      `(select id from read_model.cases where ${column} = $${n} order by created_at desc limit $5)`;
    const { rows } = await this.db.query<CaseRow>(
      `select ${CASE_COLUMNS} from read_model.cases where id in (
         ${newest('created_by', 1)} union all ${newest('applicant_id', 2)}
         union all ${newest('employer_id', 3)} union all select unnest($4::text[]))
       order by created_at desc, id limit $5`,
      [party.createdBy, party.applicantId ?? null, party.employerId ?? null, alsoIds, limit],
    );
    return rows.map(caseFromRow);
  }

  /** The ids of an applicant's cases (by their account reference), for operators' search. */
  async idsOfApplicant(applicantId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `select id from read_model.cases where applicant_id = $1 order by created_at desc limit 1000`,
      [applicantId],
    );
    return rows.map((r) => r.id);
  }

  async get(caseId: string): Promise<CaseRecord | null> {
    // Both records are written once and never change: once both are there, remember them.
    const known = this.known.get(caseId);
    if (known) return known;
    const { rows } = await this.db.query<CaseRow & { process_instance_key: string | null }>(
      `select c.*, i.process_instance_key from read_model.cases c
       left join read_model.case_instances i on i.case_id = c.id where c.id = $1`,
      [caseId],
    );
    if (!rows[0]) return null;
    const record = { ...caseFromRow(rows[0]), processInstanceKey: rows[0].process_instance_key };
    if (record.processInstanceKey) this.known.set(caseId, record);
    return record;
  }

  async instanceOf(caseId: string): Promise<string | null> {
    const { rows } = await this.db.query<{ process_instance_key: string }>(
      'select process_instance_key from read_model.case_instances where case_id = $1',
      [caseId],
    );
    return rows[0]?.process_instance_key ?? null;
  }

  /** Links the case to its instance; the first link wins (the projector may have been first). */
  async linkInstance(caseId: string, processInstanceKey: string): Promise<string> {
    const { rows } = await this.db.query<{ process_instance_key: string }>(
      `with inserted as (
         insert into read_model.case_instances (case_id, process_instance_key, linked_by)
         values ($1, $2, 'gateway') on conflict (case_id) do nothing
         returning process_instance_key)
       select process_instance_key from inserted
       union all select process_instance_key from read_model.case_instances where case_id = $1
       limit 1`,
      [caseId, processInstanceKey],
    );
    return rows[0]?.process_instance_key ?? processInstanceKey;
  }

  /** Rare path (a retried start after a failure): the one update the gateway makes. */
  async markStartAttempt(scope: string, at: Date): Promise<void> {
    await this.db.query(
      'update read_model.start_requests set start_attempt_at = $2 where scope = $1',
      [scope, at],
    );
  }

  /**
   * Claims an idempotency key for a delivery (not yet confirmed); `first: false` if this key
   * was used before, with that record.
   */
  async recordDelivery(
    d: MessageDelivery,
  ): Promise<{ first: boolean; existing?: MessageDelivery }> {
    const inserted = await this.db.query(
      `insert into read_model.message_deliveries (id, case_id, message_name, sent_by, request_hash, at)
       values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
      [d._id, d.caseId, d.messageName, d.sentBy, d.requestHash, d.at],
    );
    if (inserted.rowCount === 1) return { first: true };
    return { first: false, existing: (await this.delivery(d._id)) ?? undefined };
  }

  /** An earlier delivery with this id, if there was one. */
  async delivery(id: string): Promise<MessageDelivery | null> {
    const { rows } = await this.db.query<DeliveryRow>(
      'select * from read_model.message_deliveries where id = $1',
      [id],
    );
    return rows[0] ? deliveryFromRow(rows[0]) : null;
  }

  /** The engine took the message. */
  async confirmDelivery(id: string): Promise<void> {
    await this.db.query(
      'update read_model.message_deliveries set delivered_at = now() where id = $1',
      [id],
    );
  }

  /**
   * Takes over an unconfirmed claim older than `olderThan` (an attempt that was cut off);
   * false if another attempt claimed or confirmed it meanwhile.
   */
  async reclaimDelivery(id: string, olderThan: Date): Promise<boolean> {
    const res = await this.db.query(
      `update read_model.message_deliveries set at = now()
        where id = $1 and delivered_at is null and at < $2`,
      [id, olderThan],
    );
    return res.rowCount === 1;
  }

  async forgetDelivery(id: string): Promise<void> {
    await this.db.query('delete from read_model.message_deliveries where id = $1', [id]);
  }
}
