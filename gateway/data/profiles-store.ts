import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../../common/mongo.js';

/**
 * Once-only: what a person with a portal account gave in their first application (name,
 * date of birth, nationality, travel document) is kept under their account, so their next
 * application needs none of it again. Written once (first application wins; read by `_id`).
 */
export interface Profile {
  _id: string;
  person: { givenName: string; familyName: string; dateOfBirth: string; nationality: string };
  travelDocument?: { number: string; expiresOn: string };
  fromCaseId: string;
  since: Date;
}

export class ProfilesStore {
  private readonly profiles: Collection<Profile>;

  constructor(db: Db) {
    this.profiles = db.collection<Profile>('profiles');
  }

  async remember(profile: Profile): Promise<void> {
    try {
      await this.profiles.insertOne(profile);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  get(subject: string): Promise<Profile | null> {
    return this.profiles.findOne({ _id: subject });
  }
}
