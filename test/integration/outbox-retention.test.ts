import { expect } from 'chai';
import { pruneOutbox } from '../../projector/outbox.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';
import { getHarness, type Harness } from '../support/harness.js';

/**
 * The outbox's own retention (the engine's history cleanup writes no events): a row goes
 * once every consumer has applied it and it is older than the keep period — never a row a
 * slower consumer still needs.
 */
describe('outbox retention', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await getHarness();
  });

  it('deletes applied rows past the keep period, and nothing a slower consumer still needs', async () => {
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    const instance = (await cases.at(caseId, 'AwaitBaDecision')).processInstanceKey!;
    const rowsOfCase = async () =>
      Number(
        (
          await h.pool.query<{ n: string }>(
            'select count(*) as n from engine_events where process_instance_id = $1',
            [instance],
          )
        ).rows[0]!.n,
      );
    const before = await rowsOfCase();
    expect(before).to.be.greaterThan(0);

    await pruneOutbox(h.pool, 60 * 60_000);
    expect(await rowsOfCase(), 'younger than the keep period').to.equal(before);

    // A second read model that has applied nothing yet holds every row back.
    await h.pool.query(
      `insert into read_model.outbox_cursors (consumer, txid, seq) values ('slow-test', '0', 0)`,
    );
    try {
      await pruneOutbox(h.pool, 0);
      expect(await rowsOfCase(), 'a slower consumer still needs them').to.equal(before);
    } finally {
      await h.pool.query(`delete from read_model.outbox_cursors where consumer = 'slow-test'`);
    }
    await pruneOutbox(h.pool, 0);
    expect(await rowsOfCase(), 'applied by every consumer and old enough').to.equal(0);
    // The read model keeps the case.
    expect((await cases.status(caseId)).currentStages[0]?.elementId).to.equal('AwaitBaDecision');
  });
});
