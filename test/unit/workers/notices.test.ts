import { expect } from 'chai';
import type { Notice, NoticeSummary } from '../../../common/notices.js';
import { issueNotice, type NoticeIssuer } from '../../../workers/notices/issue-notice.js';
import { noticeText } from '../../../workers/notices/notice-texts.js';
import {
  APPLICANT,
  engineCommand,
  expectCompletes,
  expectPartnerFailuresRetried,
  handle,
  IDEMPOTENCY_KEY,
  recording,
  STORE_FAILURES,
} from './support.js';

/**
 * notice.issue with a hand-written notice store (`NoticeIssuer`, what the worker uses of
 * `NoticeStore`, which needs PostgreSQL): in memory, it keeps the first notice per id and
 * returns the stored one, as `issueOnce` promises.
 */
function noticeStore() {
  const stored = new Map<string, Notice>();
  const store: NoticeIssuer = {
    issueOnce: async (notice) => {
      if (!stored.has(notice._id)) stored.set(notice._id, notice);
      return stored.get(notice._id)!;
    },
  };
  return { stored, ...recording(store) };
}

const input = () => ({
  caseId: 'case-1',
  applicant: { ...APPLICANT },
  notice: {
    kind: 'VISA_DECISION' as const,
    authority: 'MISSION',
    outcome: 'GRANTED',
    reference: 'IND-NEWDELHI-1a2b',
    validFrom: '2027-01-01',
    validUntil: '2027-12-31',
    reasons: null,
  },
  issuedNotices: null,
});

describe('worker notice.issue', () => {
  it('success: words the decision, stores it under the task key and lists it', async () => {
    const { fake, calls, stored } = noticeStore();
    const worker = issueNotice(fake);
    expect(worker.type).to.equal('notice.issue');
    const before = Date.now();
    const out = await expectCompletes(worker, input());

    const notice = stored.get(IDEMPOTENCY_KEY)!;
    expect(calls[0]!.args).to.deep.equal([notice]);
    expect(notice).to.deep.include({
      _id: IDEMPOTENCY_KEY,
      caseId: 'case-1',
      kind: 'VISA_DECISION',
      authority: 'MISSION',
      outcome: 'GRANTED',
      reference: 'IND-NEWDELHI-1a2b',
      addressee: { givenName: 'Priya', familyName: 'Sharma', dateOfBirth: '1994-03-12' },
      validFrom: '2027-01-01',
      validUntil: '2027-12-31',
      title: {
        de: 'Entscheidung über das nationale Visum',
        en: 'Decision on the national visa',
      },
    });
    expect(notice.body.de).to.equal(
      'Entscheidung über das nationale Visum für Priya Sharma (Aktenzeichen IND-NEWDELHI-1a2b): erteilt. Gültig ab 2027-01-01 bis 2027-12-31.',
    );
    expect(notice.body.en).to.contain('granted. Valid from 2027-01-01 until 2027-12-31.');
    expect(notice.issuedAt.getTime()).to.be.within(before, Date.now());
    expect(out).to.deep.equal({
      issuedNotices: [
        {
          noticeId: IDEMPOTENCY_KEY,
          kind: 'VISA_DECISION',
          authority: 'MISSION',
          outcome: 'GRANTED',
          issuedAt: notice.issuedAt.toISOString(),
        },
      ],
    });
  });

  // No BPMN error: issuing a notice has no business outcome to model. The business rules the
  // handler has: the case's earlier notices stay listed, a notice is listed once, and a
  // refusal without validity says no validity and gives the reasons.
  it('business: keeps earlier notices, lists this one once, and words a refusal with reasons', async () => {
    const { fake, stored } = noticeStore();
    const worker = issueNotice(fake);
    expect(worker.bpmnErrorCodes ?? []).to.deep.equal([]);
    const earlier: NoticeSummary = {
      noticeId: 'pi-1:act-1',
      kind: 'RECOGNITION_DECISION',
      authority: 'RECOGNITION',
      outcome: 'EQUIVALENT',
      issuedAt: '2026-10-01T08:00:00.000Z',
    };
    const staleSelf = { ...earlier, noticeId: IDEMPOTENCY_KEY, kind: 'VISA_DECISION' as const };
    const refusal = {
      ...input(),
      notice: {
        ...input().notice,
        outcome: 'REFUSED',
        validFrom: null,
        validUntil: null,
        reasons: ['Means of subsistence not secured'],
      },
      issuedNotices: [earlier, staleSelf],
    };
    const out = await expectCompletes(worker, refusal);
    const notice = stored.get(IDEMPOTENCY_KEY)!;
    expect(out.issuedNotices.map((n) => n.noticeId)).to.deep.equal(['pi-1:act-1', IDEMPOTENCY_KEY]);
    expect(out.issuedNotices[0]).to.deep.equal(earlier);
    expect(out.issuedNotices[1]).to.include({
      outcome: 'REFUSED',
      issuedAt: notice.issuedAt.toISOString(),
    });
    expect(notice).not.to.have.any.keys('validFrom', 'validUntil');
    expect(notice.body.de).to.match(/: abgelehnt\. Gründe: Means of subsistence not secured\.$/);
    expect(notice.body.en).not.to.contain('Valid');
  });

  it('store failure: retried with back-off, an incident when the retries run out', () =>
    expectPartnerFailuresRetried(
      input(),
      (failing) => issueNotice({ issueOnce: failing }),
      STORE_FAILURES,
    ));

  it('idempotency: a retry stores nothing new and lists the notice issued the first time', async () => {
    const { fake, calls, stored } = noticeStore();
    const worker = issueNotice(fake);
    const first = await handle(worker, input());
    await new Promise((r) => setTimeout(r, 5));
    expect(await engineCommand(worker, input(), 1)).to.deep.equal({
      command: 'complete',
      variables: (first as { variables: unknown }).variables,
    });
    expect(calls.map((c) => (c.args[0] as Notice)._id)).to.deep.equal([
      IDEMPOTENCY_KEY,
      IDEMPOTENCY_KEY,
    ]);
    expect([...stored.keys()]).to.deep.equal([IDEMPOTENCY_KEY]);
  });
});

describe('notice texts: the extension of the recognition decision period', () => {
  it('names the new end of the period as the date by which the decision is due, not a validity', () => {
    const t = noticeText({
      kind: 'RECOGNITION_PERIOD_EXTENDED',
      outcome: 'PERIOD_EXTENDED',
      reference: 'AN-7',
      name: 'Priya Sharma',
      validUntil: '2027-05-31',
      reasons: ['Gutachten erforderlich'],
    });
    expect(t.body.de).to.contain('einmal verlängert (§ 6 BQFG)');
    expect(t.body.de).to.contain('Entscheidung bis spätestens 2027-05-31');
    expect(t.body.en).to.contain('Decision due by 2027-05-31');
    expect(t.body.de).to.not.contain('Gültig');
    expect(t.body.de).to.contain('Gründe: Gutachten erforderlich');
  });
});
