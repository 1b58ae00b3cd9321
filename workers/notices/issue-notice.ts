import type { NoticeKind, NoticeStore, NoticeSummary } from '../../common/notices.js';
import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString, personSchema } from '../framework/schemas.js';
import { noticeText } from './notice-texts.js';

/**
 * notice.issue: delivers an authority's decision to the applicant through the platform as a
 * notice (Bescheid). The model says what the notice is (kind, authority, outcome, reference,
 * validity, reasons); the worker words it in German and English, stores it once per job and
 * adds it to the instance's `issuedNotices`, which the case status lists.
 */
/** Every notice kind the worker issues (the portal has a title for each: ui-portal texts). */
export const NOTICE_KINDS: NoticeKind[] = [
  'RECOGNITION_DECISION',
  'RECOGNITION_PERIOD_EXTENDED',
  'VISA_DECISION',
  'FIKTIONSBESCHEINIGUNG',
  'RESIDENCE_PERMIT_DECISION',
  'APPLICATION_CLOSED_INCOMPLETE',
  'BA_APPROVAL_DECISION',
  'PRE_APPROVAL_DECISION',
  'JOB_CHANGE_DECISION',
  'APPLICATION_CLOSED',
  'CHANCENKARTE_EMPLOYMENT',
  'CHANCENKARTE_JOB_OFFER',
];

const optionalDate = { type: ['string', 'null'], format: 'date' } as const;

/** A notice as the case status lists it (the instance's `issuedNotices`). */
const noticeSummary = closedObject({
  noticeId: nonEmptyString,
  kind: { enum: NOTICE_KINDS },
  authority: nonEmptyString,
  outcome: nonEmptyString,
  issuedAt: { type: 'string', format: 'date-time' },
});

/** What the worker uses of the notice store: `NoticeStore` here, a fake in unit tests. */
export type NoticeIssuer = Pick<NoticeStore, 'issueOnce'>;

export function issueNotice(notices: NoticeIssuer) {
  return defineWorker({
    type: 'notice.issue',
    description: 'Deliver a decision to the applicant as a notice (Bescheid) through the platform',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'notice'],
      properties: {
        caseId: nonEmptyString,
        applicant: personSchema,
        notice: {
          type: 'object',
          required: ['kind', 'authority', 'outcome', 'reference'],
          properties: {
            kind: { enum: NOTICE_KINDS },
            authority: nonEmptyString,
            outcome: nonEmptyString,
            reference: nonEmptyString,
            validFrom: optionalDate,
            validUntil: optionalDate,
            reasons: { type: ['array', 'null'], items: { type: 'string' } },
            residenceTitle: {
              type: ['object', 'null'],
              required: ['kind', 'basis'],
              properties: { kind: nonEmptyString, basis: nonEmptyString },
            },
          },
        },
        issuedNotices: { type: ['array', 'null'], items: noticeSummary },
      },
    },
    outputSchema: closedObject({
      issuedNotices: { type: 'array', items: noticeSummary },
    }),
    timeoutMs: 10_000,
    retries: 3,
    async handler(input, ctx) {
      const n = input.notice;
      const stored = await notices.issueOnce({
        _id: ctx.idempotencyKey,
        caseId: input.caseId,
        kind: n.kind,
        authority: n.authority,
        outcome: n.outcome,
        reference: n.reference,
        addressee: {
          givenName: input.applicant.givenName,
          familyName: input.applicant.familyName,
          dateOfBirth: input.applicant.dateOfBirth,
        },
        issuedAt: new Date(),
        ...(n.validFrom ? { validFrom: n.validFrom } : {}),
        ...(n.validUntil ? { validUntil: n.validUntil } : {}),
        ...(n.residenceTitle
          ? { residenceTitle: { kind: n.residenceTitle.kind, basis: n.residenceTitle.basis } }
          : {}),
        ...noticeText({
          kind: n.kind,
          outcome: n.outcome,
          reference: n.reference,
          name: `${input.applicant.givenName} ${input.applicant.familyName}`,
          validFrom: n.validFrom ?? undefined,
          validUntil: n.validUntil ?? undefined,
          reasons: n.reasons ?? undefined,
          residenceTitle: n.residenceTitle ?? undefined,
        }),
      });
      const summary: NoticeSummary = {
        noticeId: stored._id,
        kind: stored.kind,
        authority: stored.authority,
        outcome: stored.outcome,
        issuedAt: stored.issuedAt.toISOString(),
      };
      const earlier = (input.issuedNotices ?? []).filter((s) => s.noticeId !== summary.noticeId);
      return complete({ issuedNotices: [...earlier, summary] });
    },
  });
}
