import { expect } from 'chai';
import request from 'supertest';
import { components, infraPid, startComponent } from '../../scripts/stack/infra.js';
import { getProfile } from '../../scripts/stack/profiles.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, newKey, zustimmungApplication } from '../support/fixtures.js';
import { autoAnswer } from '../support/simulators.js';

/**
 * The broker killed (SIGKILL) while cases run, and started again (issue 8): every case
 * started before completes, a start refused during the outage succeeds when retried with the
 * same idempotency key, no case is created or sent to the BA twice.
 *
 * Runs after the integration tests (its own folder): a restarted broker's controlled clock
 * starts again from the wall clock, which tests that moved the clock would not expect.
 */
const profile = getProfile('test');
const quiet = () => undefined;

describe('resilience: the broker killed during a run', function () {
  this.timeout(240_000);
  let h: Harness;
  before(async () => {
    h = await getHarness();
  });
  after(async () => {
    await startComponent(
      profile,
      components(profile).find((c) => c.name === 'zeebe')!,
      quiet,
    );
    await autoAnswer(h.simulatorsUrl, ['ba'], { enabled: false });
  });

  it('completes every case, each once, across a kill -9 and a restart', async () => {
    const token = await h.token(EMPLOYER);
    const cases = new CaseClient(h.gatewayUrl, token);
    await autoAnswer(h.simulatorsUrl, ['ba'], { enabled: true, delayMs: 200, outcome: 'APPROVED' });
    const started: string[] = [];
    for (let i = 0; i < 8; i++)
      started.push(await cases.start('ba-approval', zustimmungApplication()));

    const pid = infraPid(profile, 'zeebe');
    expect(pid, 'the broker runs').to.be.a('number');
    process.kill(pid!, 'SIGKILL');

    // While the broker is away a start is refused with 503 and Retry-After; nothing is lost.
    const key = newKey();
    const start = () =>
      request(h.gatewayUrl)
        .post('/api/v1/procedures/ba-approval/cases')
        .set('authorization', `Bearer ${token}`)
        .set('idempotency-key', key)
        .send(zustimmungApplication());
    const refused = await eventually(async () => {
      const res = await start();
      return res.status === 503 ? res : undefined;
    }, 'a start refused while the broker is down');
    expect(refused.headers['retry-after']).to.be.a('string');

    await startComponent(
      profile,
      components(profile).find((c) => c.name === 'zeebe')!,
      quiet,
    );
    const retried = await eventually(async () => {
      const res = await start();
      return res.status === 201 || res.status === 200 ? res : undefined;
    }, 'the start accepted with the same key');
    started.push(retried.body.caseId as string);
    const again = await start();
    expect(again.body.caseId, 'one key, one case').to.equal(retried.body.caseId);

    for (const caseId of started) {
      const done = await cases.finished(caseId);
      expect(done.finalStage?.elementId, caseId).to.equal('ZustimmungGranted');
      const sent = [...h.simulators.ba.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      );
      expect(sent, `${caseId}: one application at the BA`).to.have.length(1);
    }
  });
});
