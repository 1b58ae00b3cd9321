import type { Queryable } from './db.js';

/**
 * Notices (Bescheide): every decision an authority issues to the applicant is delivered
 * through the platform as a notice document, whichever authority issued it. Written once by
 * the `notice.issue` worker (its `_id` is the job's idempotency key, so a retried job finds
 * its notice instead of issuing a second one); read by primary key by the gateway (`read_model.notices`).
 */
export type NoticeKind =
  | 'RECOGNITION_DECISION'
  | 'RECOGNITION_PERIOD_EXTENDED'
  | 'VISA_DECISION'
  | 'FIKTIONSBESCHEINIGUNG'
  | 'RESIDENCE_PERMIT_DECISION'
  | 'APPLICATION_CLOSED_INCOMPLETE'
  | 'BA_APPROVAL_DECISION'
  | 'PRE_APPROVAL_DECISION'
  | 'JOB_CHANGE_DECISION'
  | 'APPLICATION_CLOSED'
  | 'CHANCENKARTE_EMPLOYMENT'
  | 'CHANCENKARTE_JOB_OFFER';

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
  /** The residence title a permit notice grants (e.g. EU Blue Card, §18g AufenthG). */
  residenceTitle?: { kind: string; basis: string };
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
  constructor(private readonly db: Queryable) {}

  /** Stores the notice unless one with this id exists; returns the stored one either way. */
  async issueOnce(notice: Notice): Promise<Notice> {
    const inserted = await this.db.query(
      `insert into read_model.notices (id, case_id, notice, issued_at) values ($1, $2, $3, $4)
       on conflict (id) do nothing`,
      [notice._id, notice.caseId, JSON.stringify(notice), notice.issuedAt],
    );
    if (inserted.rowCount === 1) return notice;
    const existing = await this.get(notice._id);
    if (!existing) throw new Error(`notice ${notice._id} vanished`);
    return existing;
  }

  async get(noticeId: string): Promise<Notice | null> {
    const { rows } = await this.db.query<{ notice: Notice; issued_at: Date }>(
      'select notice, issued_at from read_model.notices where id = $1',
      [noticeId],
    );
    return rows[0] ? { ...rows[0].notice, issuedAt: rows[0].issued_at } : null;
  }
}
