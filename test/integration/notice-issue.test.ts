import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../common/logger.js';
import { NoticeStore } from '../../common/notices.js';
import { issueNotice } from '../../workers/notices/issue-notice.js';
import { getHarness } from '../support/harness.js';

/**
 * notice.issue against the real store: a job that is retried (the worker crashed after
 * storing the notice, before completing the job) finds its notice instead of issuing a
 * second one, and lists it once.
 */
describe('notice.issue: one notice per task activation, on the real store', () => {
  it('issues the notice once across a retried job and lists it once', async () => {
    const h = await getHarness();
    const store = new NoticeStore(h.pool);
    const worker = issueNotice(store);
    const caseId = randomUUID();
    const key = `${Date.now()}:${Math.floor(Math.random() * 1e9)}`;
    const ctx = {
      jobKey: '1',
      processInstanceKey: key.split(':')[0]!,
      elementInstanceKey: key.split(':')[1]!,
      elementId: 'IssueVisaNotice',
      bpmnProcessId: 'visa',
      retries: 3,
      idempotencyKey: key,
      log: createLogger('test'),
    };
    const input = {
      caseId,
      applicant: {
        givenName: 'Priya',
        familyName: 'Sharma',
        dateOfBirth: '1994-03-12',
        nationality: 'IND',
      },
      notice: {
        kind: 'VISA_DECISION' as const,
        authority: 'MISSION',
        outcome: 'REFUSED',
        reference: 'NDL-R',
        reasons: ['§5 Abs. 4 AufenthG'],
      },
      issuedNotices: [
        {
          noticeId: '9:9',
          kind: 'RECOGNITION_DECISION' as const,
          authority: 'RECOGNITION',
          outcome: 'EQUIVALENT',
          issuedAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    };
    const first = await worker.handler(input, ctx);
    // The retry arrives with the variables of the activation, so without its own notice yet.
    const second = await worker.handler(input, ctx);
    expect(first.kind).to.equal('complete');
    expect(second).to.deep.equal(first);
    const listed = (first as { variables: { issuedNotices: { noticeId: string }[] } }).variables
      .issuedNotices;
    expect(listed.map((n) => n.noticeId)).to.deep.equal(['9:9', key]);
    const stored = await store.get(key);
    expect(stored).to.include({ caseId, kind: 'VISA_DECISION', outcome: 'REFUSED' });
    expect(stored!.body.en).to.include('refused').and.include('§5 Abs. 4 AufenthG');
    expect(
      (await h.pool.query('select 1 from read_model.notices where case_id = $1', [caseId]))
        .rowCount,
    ).to.equal(1);
  });
});
