import { createHash } from 'node:crypto';
import type { Queryable } from '../../common/db.js';

/**
 * Once-only evidence: every fact an authority verified about a person (security check,
 * qualification equivalence, identity, ...) is recorded once, with the authority, the time,
 * the basis (its file reference) and how long it stays valid. Later procedures look it up
 * and skip the check while a valid record exists, instead of asking again.
 */
export interface EvidenceRecord {
  _id: string;
  subject: string;
  fact: string;
  result: string;
  authority: string;
  basis: string;
  caseId: string;
  verifiedAt: Date;
  validUntil: Date;
}

export interface EvidenceView {
  result: string;
  authority: string;
  basis: string;
  caseId: string;
  verifiedAt: string;
  validUntil: string;
  valid: boolean;
}

/** A person without a portal account is identified by name, date of birth and nationality. */
export function subjectKey(person: {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nationality: string;
}): string {
  const normal = [person.familyName, person.givenName, person.dateOfBirth, person.nationality]
    .map((s) => s.trim().toLowerCase())
    .join('|');
  return createHash('sha256').update(normal).digest('hex');
}

export class EvidenceStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Keeps the latest verification of a fact per person (key subject:fact, read by key).
   * Idempotent: recording the same verification again changes nothing.
   */
  async record(r: Omit<EvidenceRecord, '_id'>): Promise<void> {
    await this.db.query(
      `insert into read_model.evidence (id, subject, fact, result, authority, basis, case_id,
         verified_at, valid_until) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (id) do update set result = excluded.result, authority = excluded.authority,
         basis = excluded.basis, case_id = excluded.case_id, verified_at = excluded.verified_at,
         valid_until = excluded.valid_until`,
      [
        `${r.subject}:${r.fact}`,
        r.subject,
        r.fact,
        r.result,
        r.authority,
        r.basis,
        r.caseId,
        r.verifiedAt,
        r.validUntil,
      ],
    );
  }

  async lookUp(
    subject: string,
    facts: string[],
    now = new Date(),
  ): Promise<Record<string, EvidenceView | null>> {
    const { rows } = await this.db.query<{
      fact: string;
      result: string;
      authority: string;
      basis: string;
      case_id: string;
      verified_at: Date;
      valid_until: Date;
    }>('select * from read_model.evidence where id = any($1::text[])', [
      facts.map((fact) => `${subject}:${fact}`),
    ]);
    const byFact = new Map(rows.map((r) => [r.fact, r]));
    return Object.fromEntries(
      facts.map((fact) => {
        const r = byFact.get(fact);
        return [
          fact,
          r
            ? {
                result: r.result,
                authority: r.authority,
                basis: r.basis,
                caseId: r.case_id,
                verifiedAt: r.verified_at.toISOString(),
                validUntil: r.valid_until.toISOString(),
                valid: r.valid_until > now,
              }
            : null,
        ];
      }),
    );
  }
}

/** What `evidence.look-up` uses of the store: `EvidenceStore` here, a fake in unit tests. */
export type EvidenceLookUp = Pick<EvidenceStore, 'lookUp'>;

/** What `evidence.record` uses of the store: `EvidenceStore` here, a fake in unit tests. */
export type EvidenceRecorder = Pick<EvidenceStore, 'record'>;
