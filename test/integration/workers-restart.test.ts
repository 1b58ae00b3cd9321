import { expect } from 'chai';
import baExample from '../../processes/ba-approval/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER } from '../support/fixtures.js';

/**
 * External tasks created while no worker runs (a crashed or redeployed worker process) wait
 * in the engine and must still be done, once, when the workers fetch again.
 */
describe('workers: jobs created while no worker runs', function () {
  this.timeout(60_000);
  let h: Harness;
  let cases: CaseClient;

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
  });

  it('are picked up when the workers start again, with one side effect', async () => {
    await h.workers.stop();
    let caseId: string;
    try {
      caseId = await cases.start('ba-approval', {
        ...baExample,
        employer: { ...baExample.employer, employerId: EMPLOYER.organisation! },
      });
      // The job waits: nothing reaches the BA while no worker runs.
      await cases.at(caseId, 'SubmitZustimmungRequest');
      await new Promise((r) => setTimeout(r, 1500));
      expect(
        [...h.simulators.ba.effects.values()].filter(
          (e) => (e.body as { caseId: string }).caseId === caseId,
        ),
      ).to.have.length(0);
    } finally {
      await h.restartWorkers();
    }
    const waiting = await cases.at(caseId, 'AwaitBaDecision');
    expect(waiting.outcome.baRequestId).to.be.a('string');
    const effects = [...h.simulators.ba.effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );
    expect(effects).to.have.length(1);
    expect(effects[0]!.calls).to.equal(1);
  });
});
