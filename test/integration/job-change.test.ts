import { expect } from 'chai';
import example from '../../processes/job-change/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { BA_PARTNER, EMPLOYER } from '../support/fixtures.js';

/** Job change after entry: the BA only for changed employment conditions. */
const ABH: Principal = { subject: 'abh-dresden', role: 'caseworker', authority: 'ABH' };

describe('job change: BA only when the employment conditions change', function () {
  this.timeout(60_000);
  let h: Harness;
  let cases: CaseClient;
  let abh: string;
  let ba: string;

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    [abh, ba] = await Promise.all([h.token(ABH), h.token(BA_PARTNER)]);
  });

  const application = (changed: boolean) => ({
    ...structuredClone(example),
    employer: { ...example.employer, employerId: EMPLOYER.organisation! },
    employmentConditionsChanged: changed,
  });

  it('asks the BA about the new job when the conditions change, then the immigration office confirms', async () => {
    const caseId = await cases.start('job-change', application(true));
    await cases.at(caseId, 'AwaitBaDecision');
    const request = [...h.simulators.ba.effects.values()].find(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );
    expect((request!.body as { jobOffer: { title: string } }).jobOffer.title).to.equal(
      'Stationsleitung Pflege',
    );
    expect(
      (
        await cases.send(ba, caseId, 'ba-zustimmung-decision', {
          outcome: 'APPROVED',
          baReference: 'BA-JC-1',
        })
      ).status,
    ).to.equal(202);
    await cases.at(caseId, 'ConfirmJobChange');
    await cases.decide(abh, caseId, 'ConfirmJobChange', { abhReference: 'ABH-JC-1' });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('JobChangeRecorded');
    expect(done.outcome.zustimmungOutcome).to.equal('APPROVED');
  });

  it('goes straight to the immigration office when the conditions stay the same', async () => {
    const caseId = await cases.start('job-change', application(false));
    const s = await cases.at(caseId, 'ConfirmJobChange');
    expect(s.history.map((e) => e.elementId)).to.not.include('SubmitZustimmungRequest');
    expect(
      [...h.simulators.ba.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      ),
    ).to.have.length(0);
  });

  it('ends when the BA refuses the new job', async () => {
    const caseId = await cases.start('job-change', application(true));
    await cases.at(caseId, 'AwaitBaDecision');
    await cases.send(ba, caseId, 'ba-zustimmung-decision', {
      outcome: 'REFUSED',
      baReference: 'BA-JC-3',
    });
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('JobChangeRefusedByBa');
  });
});
