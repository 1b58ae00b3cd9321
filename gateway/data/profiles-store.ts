import type { Queryable } from '../../common/db.js';

/**
 * Once-only: what a person with a portal account gave in their first application (name,
 * date of birth, nationality, travel document) is kept under their account, so their next
 * application needs none of it again. Written once (first application wins; read by primary key).
 */
export interface Profile {
  _id: string;
  person: { givenName: string; familyName: string; dateOfBirth: string; nationality: string };
  travelDocument?: { number: string; expiresOn: string };
  fromCaseId: string;
  since: Date;
}

export class ProfilesStore {
  constructor(private readonly db: Queryable) {}

  async remember(profile: Profile): Promise<void> {
    await this.db.query(
      `insert into read_model.profiles (subject, person, travel_document, from_case_id, since)
       values ($1, $2, $3, $4, $5) on conflict (subject) do nothing`,
      [
        profile._id,
        JSON.stringify(profile.person),
        profile.travelDocument ? JSON.stringify(profile.travelDocument) : null,
        profile.fromCaseId,
        profile.since,
      ],
    );
  }

  async get(subject: string): Promise<Profile | null> {
    const { rows } = await this.db.query<{
      person: Profile['person'];
      travel_document: Profile['travelDocument'] | null;
      from_case_id: string;
      since: Date;
    }>('select * from read_model.profiles where subject = $1', [subject]);
    const r = rows[0];
    if (!r) return null;
    return {
      _id: subject,
      person: r.person,
      ...(r.travel_document ? { travelDocument: r.travel_document } : {}),
      fromCaseId: r.from_case_id,
      since: r.since,
    };
  }
}
