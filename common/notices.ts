import type { Collection, Db } from 'mongodb';

/**
 * Notices (Bescheide): every decision an authority issues to the applicant is delivered
 * through the platform as a notice document, whichever authority issued it. Written once by
 * the `notice.issue` worker (its `_id` is the job's idempotency key, so a retried job finds
 * its notice instead of issuing a second one); read by `_id` by the gateway.
 */
export type NoticeKind =
  | 'RECOGNITION_DECISION'
  | 'VISA_DECISION'
  | 'FIKTIONSBESCHEINIGUNG'
  | 'RESIDENCE_PERMIT_DECISION'
  | 'APPLICATION_CLOSED_INCOMPLETE';

export interface Notice {
  _id: string;
  caseId: string;
  kind: NoticeKind;
  /** The issuing authority (MISSION, ABH, RECOGNITION, ...). */
  authority: string;
  /** GRANTED, REFUSED, EQUIVALENT, ... or ISSUED for certificates. */
  outcome: string;
  /** The authority's file reference. */
  reference: string;
  addressee: { givenName: string; familyName: string; dateOfBirth: string };
  issuedAt: Date;
  validFrom?: string;
  validUntil?: string;
  title: { de: string; en: string };
  body: { de: string; en: string };
}

/** What a case's status lists of a notice (the rest is fetched by id). */
export interface NoticeSummary {
  noticeId: string;
  kind: NoticeKind;
  authority: string;
  outcome: string;
  issuedAt: string;
}

export class NoticeStore {
  private readonly notices: Collection<Notice>;

  constructor(db: Db) {
    this.notices = db.collection<Notice>('notices');
  }

  /** Stores the notice unless one with this id exists; returns the stored one either way. */
  async issueOnce(notice: Notice): Promise<Notice> {
    try {
      await this.notices.insertOne(notice);
      return notice;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const existing = await this.notices.findOne({ _id: notice._id });
      if (!existing) throw err;
      return existing;
    }
  }

  get(noticeId: string): Promise<Notice | null> {
    return this.notices.findOne({ _id: noticeId });
  }
}
