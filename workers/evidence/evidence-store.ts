import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';

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
  private readonly records: Collection<EvidenceRecord>;

  constructor(db: Db) {
    this.records = db.collection<EvidenceRecord>('evidence');
  }

  /**
   * Keeps the latest verification of a fact per person (`_id` = subject:fact, read by `_id`).
   * Idempotent: recording the same verification again changes nothing.
   */
  async record(r: Omit<EvidenceRecord, '_id'>): Promise<void> {
    const _id = `${r.subject}:${r.fact}`;
    await this.records.replaceOne({ _id }, r, { upsert: true });
  }

  async lookUp(
    subject: string,
    facts: string[],
    now = new Date(),
  ): Promise<Record<string, EvidenceView | null>> {
    const found = await Promise.all(
      facts.map((fact) => this.records.findOne({ _id: `${subject}:${fact}` })),
    );
    return Object.fromEntries(
      facts.map((fact, i) => {
        const r = found[i];
        return [
          fact,
          r
            ? {
                result: r.result,
                authority: r.authority,
                basis: r.basis,
                caseId: r.caseId,
                verifiedAt: r.verifiedAt.toISOString(),
                validUntil: r.validUntil.toISOString(),
                valid: r.validUntil > now,
              }
            : null,
        ];
      }),
    );
  }
}
