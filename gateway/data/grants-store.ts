import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../../common/mongo.js';

/**
 * Access the applicant grants to a case: an agent (by their account) or an employer (by
 * organisation) may then see it and act for the applicant as far as their role allows. The
 * `_id` names case, role and grantee, so a check is one read by `_id`.
 */
export interface Grant {
  _id: string;
  caseId: string;
  role: 'agent' | 'employer';
  grantee: string;
  grantedBy: string;
  grantedAt: Date;
}

export const grantId = (caseId: string, role: string, grantee: string) =>
  `${caseId}:${role}:${grantee}`;

export class GrantsStore {
  private readonly grants: Collection<Grant>;

  constructor(db: Db) {
    this.grants = db.collection<Grant>('case_grants');
  }

  async grant(g: Omit<Grant, '_id'>): Promise<{ grant: Grant; created: boolean }> {
    const _id = grantId(g.caseId, g.role, g.grantee);
    try {
      await this.grants.insertOne({ _id, ...g });
      return { grant: { _id, ...g }, created: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return { grant: (await this.grants.findOne({ _id }))!, created: false };
    }
  }

  async has(caseId: string, role: string, grantee: string | undefined): Promise<boolean> {
    if (!grantee) return false;
    return (await this.grants.findOne({ _id: grantId(caseId, role, grantee) })) !== null;
  }

  list(caseId: string): Promise<Grant[]> {
    return this.grants.find({ caseId }).toArray();
  }

  /** The cases granted to this grantee in this role. */
  async casesOf(role: Grant['role'], grantee: string): Promise<string[]> {
    const grants = await this.grants.find({ role, grantee }).limit(1000).toArray();
    return grants.map((g) => g.caseId);
  }

  async revoke(id: string): Promise<boolean> {
    return (await this.grants.deleteOne({ _id: id })).deletedCount === 1;
  }
}
