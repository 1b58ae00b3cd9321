import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { componentEnv, getProfile } from '../../scripts/stack/profiles.js';
import { ROOT_DIR } from '../../scripts/stack/versions.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { partnerFaults } from '../support/simulators.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';

/**
 * A worker process killed (SIGKILL) in the middle of a job (issue 8): the partner call went
 * out, the outcome never reached the engine. The task's lock expires, another worker gets it, calls
 * the partner again with the same idempotency key, and the partner does the work once.
 */
describe('resilience: a worker process killed mid-job', function () {
  this.timeout(120_000);
  let h: Harness;
  const baConfig = (config: { latencyMs?: number; failureRate?: number }) =>
    partnerFaults(h.simulatorsUrl, 'ba', config);
  before(async () => {
    h = await getHarness();
  });
  after(() => baConfig({ latencyMs: 0 }));

  it('redelivers the job, which completes once, with one side effect at the partner', async () => {
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    await h.workers.stop(); // only the worker process below takes jobs
    const env = {
      ...process.env,
      ...componentEnv(getProfile('test')),
      PARTNER_BA_URL: `${h.simulatorsUrl}/ba`,
      PARTNER_RECOGNITION_URL: `${h.simulatorsUrl}/recognition`,
      PARTNER_MISSION_URL: `${h.simulatorsUrl}/mission`,
      PARTNER_BVA_URL: `${h.simulatorsUrl}/bva`,
      PARTNER_AZR_URL: `${h.simulatorsUrl}/azr`,
      PARTNER_EAT_URL: `${h.simulatorsUrl}/eat`,
      LOG_LEVEL: 'error',
    };
    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT_DIR, 'workers/main.ts')],
      {
        cwd: ROOT_DIR,
        env,
        stdio: 'ignore',
      },
    );
    let caseId: string;
    try {
      await new Promise((r) => setTimeout(r, 3000)); // the process starts and polls
      await baConfig({ latencyMs: 4000 });
      caseId = await cases.start('ba-approval', zustimmungApplication());
      await cases.at(caseId, 'SubmitZustimmungRequest');
      await new Promise((r) => setTimeout(r, 1500)); // the call is on its way to the BA
    } finally {
      worker.kill('SIGKILL');
    }
    const effectsOf = () =>
      [...h.simulators.ba.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      );
    // The BA finished the work although the caller died.
    await eventually(async () => (effectsOf().length === 1 ? true : undefined), 'the BA did it');
    await baConfig({ latencyMs: 0 });
    await h.restartWorkers();
    // The killed worker's job times out on the engine's clock and is delivered again.
    const waiting = await eventually(async () => {
      await h.engineClock.advance(31_000);
      const s = await cases.status(caseId);
      return s.currentStages.some((x) => x.elementId === 'AwaitBaDecision') ? s : undefined;
    }, 'the job redelivered and completed');
    expect(waiting.outcome.baRequestId).to.equal(effectsOf()[0]!.result.baRequestId);
    const effects = effectsOf();
    expect(effects, 'one side effect').to.have.length(1);
    expect(effects[0]!.calls, 'called twice, done once').to.equal(2);
    const submitted = waiting.history.filter(
      (e) => e.elementId === 'SubmitZustimmungRequest' && e.event === 'completed',
    );
    expect(submitted, 'the step completed once').to.have.length(1);
  });
});
