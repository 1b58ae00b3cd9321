import type { Queryable } from '../../common/db.js';

/**
 * Access the applicant grants to a case: an agent (by their account) or an employer (by
 * organisation) may then see it and act for the applicant as far as their role allows. The
 * `_id` names case, role and grantee, so a check is one read by primary key.
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

type GrantRow = {
  id: string;
  case_id: string;
  role: Grant['role'];
  grantee: string;
  granted_by: string;
  granted_at: Date;
};

const fromRow = (r: GrantRow): Grant => ({
  _id: r.id,
  caseId: r.case_id,
  role: r.role,
  grantee: r.grantee,
  grantedBy: r.granted_by,
  grantedAt: r.granted_at,
});

export class GrantsStore {
  constructor(private readonly db: Queryable) {}

  async grant(g: Omit<Grant, '_id'>): Promise<{ grant: Grant; created: boolean }> {
    const _id = grantId(g.caseId, g.role, g.grantee);
    const inserted = await this.db.query(
      `insert into read_model.case_grants (id, case_id, role, grantee, granted_by, granted_at)
       values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing`,
      [_id, g.caseId, g.role, g.grantee, g.grantedBy, g.grantedAt],
    );
    if (inserted.rowCount === 1) return { grant: { _id, ...g }, created: true };
    const { rows } = await this.db.query<GrantRow>(
      'select * from read_model.case_grants where id = $1',
      [_id],
    );
    return { grant: fromRow(rows[0]!), created: false };
  }

  async has(caseId: string, role: string, grantee: string | undefined): Promise<boolean> {
    if (!grantee) return false;
    const { rowCount } = await this.db.query('select 1 from read_model.case_grants where id = $1', [
      grantId(caseId, role, grantee),
    ]);
    return rowCount === 1;
  }

  async list(caseId: string): Promise<Grant[]> {
    const { rows } = await this.db.query<GrantRow>(
      'select * from read_model.case_grants where case_id = $1 order by granted_at, id',
      [caseId],
    );
    return rows.map(fromRow);
  }

  /** The cases granted to this grantee in this role. */
  async casesOf(role: Grant['role'], grantee: string): Promise<string[]> {
    const { rows } = await this.db.query<{ case_id: string }>(
      'select case_id from read_model.case_grants where role = $1 and grantee = $2 limit 1000',
      [role, grantee],
    );
    return rows.map((r) => r.case_id);
  }

  async revoke(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('delete from read_model.case_grants where id = $1', [
      id,
    ]);
    return rowCount === 1;
  }
}
