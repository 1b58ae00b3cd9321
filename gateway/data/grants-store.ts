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

/**
 * A grant not tied to a case: an organisation (by its number) lets an agent act in its name,
 * a person (by account) lets an agent or an employer act for them. Read by its fields.
 */
export interface StandingGrant {
  _id: string;
  grantorKind: 'organisation' | 'person';
  grantor: string;
  role: 'agent' | 'employer';
  grantee: string;
  grantedBy: string;
  grantedAt: Date;
}

type StandingRow = {
  id: string;
  grantor_kind: StandingGrant['grantorKind'];
  grantor: string;
  role: StandingGrant['role'];
  grantee: string;
  granted_by: string;
  granted_at: Date;
};

const standingFromRow = (r: StandingRow): StandingGrant => ({
  _id: r.id,
  grantorKind: r.grantor_kind,
  grantor: r.grantor,
  role: r.role,
  grantee: r.grantee,
  grantedBy: r.granted_by,
  grantedAt: r.granted_at,
});

export class StandingGrantsStore {
  constructor(private readonly db: Queryable) {}

  async grant(g: StandingGrant): Promise<{ grant: StandingGrant; created: boolean }> {
    const inserted = await this.db.query(
      `insert into read_model.standing_grants
         (id, grantor_kind, grantor, role, grantee, granted_by, granted_at)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (grantor_kind, grantor, role, grantee) do nothing`,
      [g._id, g.grantorKind, g.grantor, g.role, g.grantee, g.grantedBy, g.grantedAt],
    );
    if (inserted.rowCount === 1) return { grant: g, created: true };
    const { rows } = await this.db.query<StandingRow>(
      `select * from read_model.standing_grants
        where grantor_kind = $1 and grantor = $2 and role = $3 and grantee = $4`,
      [g.grantorKind, g.grantor, g.role, g.grantee],
    );
    return { grant: standingFromRow(rows[0]!), created: false };
  }

  async has(
    grantorKind: StandingGrant['grantorKind'],
    grantor: string,
    role: StandingGrant['role'],
    grantee: string | undefined,
  ): Promise<boolean> {
    if (!grantee) return false;
    const { rowCount } = await this.db.query(
      `select 1 from read_model.standing_grants
        where grantor_kind = $1 and grantor = $2 and role = $3 and grantee = $4`,
      [grantorKind, grantor, role, grantee],
    );
    return rowCount === 1;
  }

  /** Given by this grantor, or (`asGrantee`) given to this grantee in this role. */
  async list(
    by: { grantorKind: StandingGrant['grantorKind']; grantor: string } | { asGrantee: string },
  ): Promise<StandingGrant[]> {
    const { rows } =
      'asGrantee' in by
        ? await this.db.query<StandingRow>(
            `select * from read_model.standing_grants where role = 'agent' and grantee = $1
              order by granted_at, id limit 1000`,
            [by.asGrantee],
          )
        : await this.db.query<StandingRow>(
            `select * from read_model.standing_grants where grantor_kind = $1 and grantor = $2
              order by granted_at, id limit 1000`,
            [by.grantorKind, by.grantor],
          );
    return rows.map(standingFromRow);
  }

  /** Revokes a grant of this grantor; false if it has none with this id. */
  async revoke(
    id: string,
    grantorKind: StandingGrant['grantorKind'],
    grantor: string,
  ): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `delete from read_model.standing_grants where id = $1 and grantor_kind = $2 and grantor = $3`,
      [id, grantorKind, grantor],
    );
    return rowCount === 1;
  }
}
