import type { Queryable } from '../../common/db.js';
import { existingPseudonym } from '../../common/person-keys.js';

/**
 * What the platform records about a case beyond its status, documents and notices: transfers
 * to authorities, accesses (the audit log), the retention plan and legal holds
 * (docs/data-protection.md). Read for a person's copy (Art. 15 GDPR).
 */
export interface TransferRecord {
  recipient: string;
  endpoint: string;
  fields: string[];
  at: string;
}
export interface AccessRecord {
  at: string;
  role: string;
  authority: string | null;
  organisation: string | null;
  action: string;
  status: number;
}
export interface RetentionRecord {
  outcome: string;
  endedAt: string;
  due: Record<string, string>;
  basis: Record<string, { period: string; legalBasis: string }>;
  erased: Record<string, string>;
}
export interface HoldRecord {
  reason: string;
  placedAt: string;
}
export interface LegalHold {
  holdId: string;
  caseId: string;
  reason: string;
  authority: string;
  placedAt: string;
  releasedAt: string | null;
}
interface HoldRow {
  id: string;
  case_id: string;
  reason: string;
  authority: string;
  placed_at: Date;
  released_at: Date | null;
}
const holdOf = (r: HoldRow): LegalHold => ({
  holdId: r.id,
  caseId: r.case_id,
  reason: r.reason,
  authority: r.authority,
  placedAt: r.placed_at.toISOString(),
  releasedAt: r.released_at?.toISOString() ?? null,
});

export class PersonalDataStore {
  constructor(private readonly db: Queryable) {}

  async transfers(caseId: string, instances: string[]): Promise<TransferRecord[]> {
    const { rows } = await this.db.query<{
      recipient: string;
      endpoint: string;
      fields: string[];
      at: Date;
    }>(
      `select recipient, endpoint, fields, at from read_model.data_transfers
        where case_id = $1 or process_instance_id = any($2::text[]) order by at, id`,
      [caseId, instances],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  async accesses(caseId: string): Promise<AccessRecord[]> {
    const { rows } = await this.db.query<{
      at: string;
      event: {
        actor: { role: string; authority?: string; organisation?: string };
        action: string;
        status: number;
      };
    }>(
      `select at, event from read_model.audit_log where case_id = $1 order by at, chain, seq
       limit 1000`,
      [caseId],
    );
    return rows.map(({ at, event }) => ({
      at,
      role: event.actor.role,
      authority: event.actor.authority ?? null,
      organisation: event.actor.organisation ?? null,
      action: event.action,
      status: event.status,
    }));
  }

  async retention(caseId: string): Promise<RetentionRecord | null> {
    const { rows } = await this.db.query<{
      outcome: string;
      ended_at: Date;
      due: RetentionRecord['due'];
      basis: RetentionRecord['basis'];
      erased: RetentionRecord['erased'];
    }>(
      'select outcome, ended_at, due, basis, erased from read_model.erasure_cases where case_id = $1',
      [caseId],
    );
    const r = rows[0];
    return r
      ? {
          outcome: r.outcome,
          endedAt: r.ended_at.toISOString(),
          due: r.due,
          basis: r.basis,
          erased: r.erased,
        }
      : null;
  }

  async holds(caseId: string): Promise<HoldRecord[]> {
    const { rows } = await this.db.query<{ reason: string; placed_at: Date }>(
      `select reason, placed_at from read_model.legal_holds
        where case_id = $1 and released_at is null order by placed_at`,
      [caseId],
    );
    return rows.map((r) => ({ reason: r.reason, placedAt: r.placed_at.toISOString() }));
  }

  /** Legal holds of a case, active and released, oldest first. */
  async legalHolds(caseId: string): Promise<LegalHold[]> {
    const { rows } = await this.db.query<HoldRow>(
      'select * from read_model.legal_holds where case_id = $1 order by placed_at, id',
      [caseId],
    );
    return rows.map(holdOf);
  }

  async placeHold(hold: {
    id: string;
    caseId: string;
    reason: string;
    authority: string;
    placedBy: string;
  }): Promise<LegalHold> {
    const { rows } = await this.db.query<HoldRow>(
      `insert into read_model.legal_holds (id, case_id, reason, authority, placed_by, placed_at)
       values ($1, $2, $3, $4, $5, now()) returning *`,
      [hold.id, hold.caseId, hold.reason, hold.authority, hold.placedBy],
    );
    return holdOf(rows[0]!);
  }

  /** Releases a hold once; a released one stays as it was. Null: no such hold of the case. */
  async releaseHold(caseId: string, holdId: string, by: string): Promise<LegalHold | null> {
    await this.db.query(
      `update read_model.legal_holds set released_at = now(), released_by = $3
        where case_id = $1 and id = $2 and released_at is null`,
      [caseId, holdId, by],
    );
    const { rows } = await this.db.query<HoldRow>(
      'select * from read_model.legal_holds where case_id = $1 and id = $2',
      [caseId, holdId],
    );
    return rows[0] ? holdOf(rows[0]) : null;
  }

  /** The correction requests (procedure data-correction) made for a case, oldest first. */
  async correctionCases(caseId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `select id from read_model.cases where linked_case_id = $1 and procedure = 'data-correction'
        order by created_at, id`,
      [caseId],
    );
    return rows.map((r) => r.id);
  }

  /** The cases of a person: those for their account, and those their account started as applicant. */
  async casesOf(
    subject: string,
  ): Promise<
    { caseId: string; procedure: string; createdAt: string; linkedCaseId: string | null }[]
  > {
    const { rows } = await this.db.query<{
      id: string;
      procedure: string;
      created_at: Date;
      linked_case_id: string | null;
    }>(
      `select id, procedure, created_at, linked_case_id from read_model.cases
        where applicant_id = $1 or (created_by = $1 and created_by_role = 'applicant')
        order by created_at, id limit 1000`,
      [subject],
    );
    return rows.map((r) => ({
      caseId: r.id,
      procedure: r.procedure,
      createdAt: r.created_at.toISOString(),
      linkedCaseId: r.linked_case_id,
    }));
  }

  /** What the person did through the API: the audit entries under their pseudonym. */
  async actionsOf(pseudonym: string): Promise<{ at: string; action: string; status: number }[]> {
    const { rows } = await this.db.query<{ at: string; event: { action: string; status: number } }>(
      `select at, event from read_model.audit_log
        where event->'actor'->>'subject' = $1 order by at, chain, seq limit 1000`,
      [pseudonym],
    );
    return rows.map((r) => ({ at: r.at, action: r.event.action, status: r.event.status }));
  }

  /** The person's audit pseudonym (null: no key, e.g. erased). */
  pseudonymOf(subject: string): Promise<string | null> {
    return existingPseudonym(this.db, subject);
  }
}
