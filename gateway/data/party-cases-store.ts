import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../../common/mongo.js';

/**
 * Each party's cases, one document per party (`applicant:<account>`, `employer:<organisation>`,
 * `creator:<subject>`) listing its case ids in the order they were created. A case list is
 * then a read by `_id` plus the newest case records by `_id` — never a query by field, which
 * the local store answers by scanning every case (3 s at 100,000 cases; bench/RESULTS.md).
 * On MongoDB the `cases` indexes would serve the same lists; this serves both stores alike.
 *
 * A party's document grows with its cases (~40 bytes each: 16 MB holds ~400,000, far beyond
 * one employer's applications over years).
 */
export interface PartyCases {
  _id: string;
  cases: string[];
}

export type PartyKind = 'applicant' | 'employer' | 'creator';
export const partyKey = (kind: PartyKind, id: string) => `${kind}:${id}`;

export const PARTY_CASES = 'party_cases';

export class PartyCasesStore {
  private readonly parties: Collection<PartyCases>;

  constructor(db: Db) {
    this.parties = db.collection<PartyCases>(PARTY_CASES);
  }

  /** Adds the case to each party's list (a repeat adds nothing). */
  async add(caseId: string, keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.addMany(key, [caseId])));
  }

  async addMany(key: string, caseIds: string[]): Promise<void> {
    const update = { $addToSet: { cases: { $each: caseIds } } };
    try {
      await this.parties.updateOne({ _id: key }, update, { upsert: true });
    } catch (err) {
      // Two first cases of one party at once: the other upsert created the document.
      if (!isDuplicateKeyError(err)) throw err;
      await this.parties.updateOne({ _id: key }, update);
    }
  }

  /** The newest `limit` case ids of each party, newest first (ids may repeat across parties). */
  async newest(keys: string[], limit: number): Promise<string[]> {
    const docs = await Promise.all(keys.map((key) => this.parties.findOne({ _id: key })));
    return docs.flatMap((d) => (d ? d.cases.slice(-limit).reverse() : []));
  }
}
