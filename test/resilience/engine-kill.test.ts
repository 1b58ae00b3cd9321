import { expect } from 'chai';
import request from 'supertest';
import { engineComponent, infraPid, startComponent } from '../../scripts/stack/infra.js';
import { getProfile } from '../../scripts/stack/profiles.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, newKey, zustimmungApplication } from '../support/fixtures.js';
import { autoAnswer } from '../support/simulators.js';

/**
 * The engine host killed (SIGKILL) during a load run, and started again: every case accepted —
 * before, during and after the outage — completes, starts refused meanwhile succeed when
 * retried with the same idempotency key, no case is created or sent to the BA twice.
 *
 * Runs after the integration tests (its own folder). Those moved the engine's clock months
 * ahead, and a restarted engine's clock starts again from the wall clock: external tasks
 * locked before the kill would keep locks months away and never be fetched again, so their
 * cases would wait forever. A real engine's clock goes on across a restart; `restartEngine`
 * starts the test engine with its clock where it was.
 */
const profile = getProfile('test');
const quiet = () => undefined;

/**
 * Starts the engine again with its clock where it was before it went away (see above): the
 * engine starts with that offset, so no case started right after the restart gets its timers
 * on the wall clock (they would all be due at once when the clock is put back).
 */
async function restartEngine(h: Harness, clockAheadMs: number): Promise<void> {
  await startComponent(
    profile,
    engineComponent(profile, 0, { clockOffsetMs: clockAheadMs }),
    quiet,
  );
  const behind = clockAheadMs - ((await h.engineClock.now()) - Date.now());
  if (behind > 1000) await h.engineClock.advance(behind);
}

describe('resilience: the engine killed during a run', function () {
  this.timeout(240_000);
  let h: Harness;
  before(async () => {
    h = await getHarness();
  });
  let clockAheadMs = 0;
  after(async () => {
    await restartEngine(h, clockAheadMs);
    await autoAnswer(h.simulatorsUrl, ['ba'], { enabled: false });
  });

  it('completes every case, each once, when the engine is killed during a load run', async () => {
    const token = await h.token(EMPLOYER);
    const cases = new CaseClient(h.gatewayUrl, token);
    await autoAnswer(h.simulatorsUrl, ['ba'], { enabled: true, delayMs: 200, outcome: 'APPROVED' });

    // The load: four callers start cases one after another, as fast as they are answered,
    // before, during and after the outage. A refused start is retried with the same
    // idempotency key after Retry-After, as the API asks; the accepted ones are the cases
    // that must complete.
    const accepted = new Map<string, string>(); // idempotency key -> case id
    let refusals = 0;
    let running = true;
    const startOne = async (key: string): Promise<void> => {
      for (;;) {
        const res = await request(h.gatewayUrl)
          .post('/api/v1/procedures/ba-approval/cases')
          .set('authorization', `Bearer ${token}`)
          .set('idempotency-key', key)
          .send(zustimmungApplication());
        if (res.status === 201 || res.status === 200) {
          const earlier = accepted.get(key);
          expect(earlier ?? res.body.caseId, 'one key, one case').to.equal(res.body.caseId);
          accepted.set(key, res.body.caseId as string);
          return;
        }
        // 503: the engine is away; 409 start-in-progress: an earlier attempt with this key
        // may still reach the engine. Both say when to try again.
        const inProgress = res.status === 409 && res.body.type?.endsWith('start-in-progress');
        expect(res.status === 503 || inProgress, JSON.stringify(res.body)).to.equal(true);
        expect(res.headers['retry-after']).to.be.a('string');
        refusals += 1;
        await new Promise((r) => setTimeout(r, Number(res.headers['retry-after']) * 1000));
      }
    };
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (running) await startOne(newKey());
      }),
    );

    await eventually(async () => (accepted.size >= 12 ? true : undefined), 'load running');
    clockAheadMs = (await h.engineClock.now()) - Date.now();
    const pid = infraPid(profile, 'engine');
    expect(pid, 'the engine runs').to.be.a('number');
    process.kill(pid!, 'SIGKILL');
    const beforeKill = accepted.size;
    await eventually(async () => (refusals > 0 ? true : undefined), 'starts refused meanwhile');

    await restartEngine(h, clockAheadMs);
    await eventually(
      async () => (accepted.size >= beforeKill + 12 ? true : undefined),
      'load going on after the restart',
      90_000,
    );
    running = false;
    await load;

    for (const caseId of accepted.values()) {
      const done = await cases.finished(caseId);
      expect(done.finalStage?.elementId, caseId).to.equal('ZustimmungGranted');
      const sent = [...h.simulators.ba.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      );
      expect(
        sent,
        `${caseId}: one application at the BA: ${JSON.stringify(sent.map((e) => e.idempotencyKey))}`,
      ).to.have.length(1);
    }
    // Every accepted start is its own case; no key made two.
    expect(new Set(accepted.values()).size).to.equal(accepted.size);
  });
});
