import { createHmac, randomBytes } from 'node:crypto';
import type { Queryable } from './db.js';

/**
 * A secret key per person (account subject), in `read_model.person_keys`. The audit log names
 * a person by `person:` and a keyed hash (HMAC-SHA256) of their id under their key, never by
 * the id itself: while the key exists, the platform can find a person's entries (for their
 * copy, Art. 15 GDPR); once erasure deletes the key, nobody can tell whose entries they were
 * (crypto-shredding), while each entry and its hash, and so the chain, stay as they were.
 */
export const PSEUDONYM_PREFIX = 'person:';

/** The roles whose subject is the data subject themself (the applicant's own account). */
export const PSEUDONYMISED_ROLES: readonly string[] = ['applicant'];

export function pseudonym(key: Buffer, subject: string): string {
  return PSEUDONYM_PREFIX + createHmac('sha256', key).update(subject).digest('hex').slice(0, 32);
}

/** The keys of these subjects, created for those that have none yet. */
export async function personKeys(q: Queryable, subjects: string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(subjects)];
  if (unique.length === 0) return new Map();
  await q.query(
    `insert into read_model.person_keys (subject, key)
     select s, k from unnest($1::text[], $2::bytea[]) as x(s, k) on conflict (subject) do nothing`,
    [unique, unique.map(() => randomBytes(32))],
  );
  const { rows } = await q.query<{ subject: string; key: Buffer }>(
    'select subject, key from read_model.person_keys where subject = any($1::text[])',
    [unique],
  );
  return new Map(rows.map((r) => [r.subject, r.key]));
}

/** The pseudonym of a subject under their existing key (null: no key, or erased). */
export async function existingPseudonym(q: Queryable, subject: string): Promise<string | null> {
  const { rows } = await q.query<{ key: Buffer }>(
    'select key from read_model.person_keys where subject = $1',
    [subject],
  );
  return rows[0] ? pseudonym(rows[0].key, subject) : null;
}

/** Destroys a person's key: their audit entries can no longer be linked to them. */
export async function shredPersonKey(q: Queryable, subject: string): Promise<void> {
  await q.query('delete from read_model.person_keys where subject = $1', [subject]);
}
