import type { Queryable } from '../../common/db.js';
import type { Principal } from '../auth.js';

/**
 * The caseworkers of each authority, as their tokens showed them: an account is a member of
 * its authority's candidate group once it has signed in. A task is assigned only to a member
 * of one of its candidate groups. Written once per account and process (and when its
 * authority or lead flag changes), read by primary key.
 */
export class StaffStore {
  /** What this process has written already (subject → authority and lead). */
  private readonly written = new Map<string, string>();

  constructor(private readonly db: Queryable) {}

  async remember(p: Principal): Promise<void> {
    if (p.role !== 'caseworker' || !p.authority) return;
    const state = `${p.authority}:${p.lead === true}`;
    if (this.written.get(p.subject) === state) return;
    await this.db.query(
      `insert into read_model.staff (subject, authority, lead) values ($1, $2, $3)
       on conflict (subject) do update
         set authority = excluded.authority, lead = excluded.lead, last_seen_at = now()`,
      [p.subject, p.authority, p.lead === true],
    );
    if (this.written.size >= 100_000) this.written.clear();
    this.written.set(p.subject, state);
  }

  /** Whether the account is a caseworker of one of these authorities. */
  async isMember(subject: string, authorities: string[]): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'select 1 from read_model.staff where subject = $1 and authority = any($2::text[])',
      [subject, authorities],
    );
    return rowCount === 1;
  }
}
