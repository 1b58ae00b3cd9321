import { expect } from 'chai';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { getHarness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, BA_PARTNER, EMPLOYER, zustimmungApplication } from '../support/fixtures.js';

/**
 * Withdrawing an application is a message to the case (every procedure models it as an
 * interrupting event sub-process): whatever the case waits for, it ends as withdrawn, its
 * called procedures with it, and nobody can deliver anything to it afterwards.
 */
describe('withdrawal: the applicant or employer withdraws an application', function () {
  this.timeout(60_000);

  it('ends the case and its called procedures, and refuses later messages', async () => {
    const h = await getHarness();
    const [employer, applicant, ba] = await Promise.all([
      h.token(EMPLOYER),
      h.token(APPLICANT),
      h.token(BA_PARTNER),
    ]);
    const cases = new CaseClient(h.gatewayUrl, employer);
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    application.applicant.applicantId = APPLICANT.subject;
    const caseId = await cases.start('wsa-application', application);
    const waiting = await cases.at(caseId, 'AwaitBaDecision');
    // Always possible, never "awaited".
    expect(waiting.awaitedMessages).to.not.include('application-withdrawn');

    // The BA may not withdraw someone's application; the reason is required.
    expect(
      (await cases.send(ba, caseId, 'application-withdrawn', { reason: 'not ours' })).status,
    ).to.equal(403);
    const noReason = await cases.send(applicant, caseId, 'application-withdrawn', {});
    expect(noReason.status).to.equal(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).to.include('/reason');

    const withdrawn = await cases.send(applicant, caseId, 'application-withdrawn', {
      reason: 'I accepted another offer.',
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(202);
    const done = await cases.finished(caseId);
    expect(done.finalStage).to.deep.equal({
      elementId: 'Withdrawn',
      label: 'Application withdrawn',
    });
    expect(done.outcome.withdrawal).to.deep.equal({ reason: 'I accepted another offer.' });
    // The withdrawal closes the case with a notice, like every other closing end.
    expect(done.notices.map((n) => [n.kind, n.authority, n.outcome])).to.deep.equal([
      ['APPLICATION_CLOSED', 'ABH', 'WITHDRAWN'],
    ]);
    expect(done.currentStages, 'the BA approval ended with it').to.deep.equal([]);
    expect(done.awaitedMessages).to.deep.equal([]);

    const late = await cases.send(ba, caseId, 'ba-zustimmung-decision', {
      outcome: 'APPROVED',
      baReference: 'BA-LATE',
    });
    expect(late.status).to.equal(409);
    expect(
      (await cases.send(employer, caseId, 'application-withdrawn', { reason: 'again' })).status,
    ).to.equal(409);
  });

  it('works the same for a procedure started on its own', async () => {
    const h = await getHarness();
    const employer = await h.token(EMPLOYER);
    const cases = new CaseClient(h.gatewayUrl, employer);
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    await cases.at(caseId, 'AwaitBaDecision');
    expect(
      (await cases.send(employer, caseId, 'application-withdrawn', { reason: 'Position filled.' }))
        .status,
    ).to.equal(202);
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('Withdrawn');
  });
});
