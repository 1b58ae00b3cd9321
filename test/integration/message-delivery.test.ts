import { expect } from 'chai';
import { requestHash } from '../../gateway/use-cases/start-case.js';
import request from 'supertest';
import { CaseClient } from '../support/case-client.js';
import { BA_PARTNER, EMPLOYER, newKey, zustimmungApplication } from '../support/fixtures.js';
import { getHarness, type Harness } from '../support/harness.js';

/**
 * A message's Idempotency-Key counts as used only once the engine took the message. A key
 * claimed by an attempt that was cut off (the gateway died between claiming it and calling
 * the engine, or the database went away before the claim could be freed) does not swallow
 * the retry: the retry delivers the message. While an attempt is under way, a second one
 * with the same key is told to retry shortly.
 */
describe('message delivery: the idempotency key of a cut-off attempt', function () {
  this.timeout(60_000);
  let h: Harness;
  let cases: CaseClient;
  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
  });

  const decide = async (caseId: string, key: string) =>
    request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
      .set('authorization', `Bearer ${await h.token(BA_PARTNER)}`)
      .set('idempotency-key', key)
      .send({ outcome: 'APPROVED', baReference: 'BA-CUT-1' });

  it('delivers the message on a retry after an attempt that was cut off', async () => {
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    await cases.at(caseId, 'AwaitBaDecision');
    const key = newKey();
    // The first attempt's claim: a minute old, never confirmed, the same body.
    await h.pool.query(
      `insert into read_model.message_deliveries (id, case_id, message_name, sent_by, request_hash, at)
       values ($1, $2, 'ba-zustimmung-decision', 'ba-amz', $3, now() - interval '60 seconds')`,
      [`${caseId}:ba-zustimmung-decision:${key}`, caseId, await bodyHash()],
    );
    const retried = await decide(caseId, key);
    expect(retried.status, JSON.stringify(retried.body)).to.equal(202);
    expect(retried.body.replayed, 'delivered now, not taken for a replay').to.equal(false);
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('ZustimmungGranted');
    // Confirmed now: the same key again is a replay.
    const again = await decide(caseId, key);
    expect(again.status).to.equal(202);
    expect(again.body.replayed).to.equal(true);
  });

  it('asks a second attempt to retry shortly while the first is under way', async () => {
    const caseId = await cases.start('ba-approval', zustimmungApplication());
    await cases.at(caseId, 'AwaitBaDecision');
    const key = newKey();
    await h.pool.query(
      `insert into read_model.message_deliveries (id, case_id, message_name, sent_by, request_hash, at)
       values ($1, $2, 'ba-zustimmung-decision', 'ba-amz', $3, now())`,
      [`${caseId}:ba-zustimmung-decision:${key}`, caseId, await bodyHash()],
    );
    const res = await decide(caseId, key);
    expect(res.status).to.equal(409);
    expect(res.body.type).to.match(/delivery-in-progress$/);
    expect(res.headers['retry-after']).to.be.a('string');
  });
});

/** The request hash the gateway computes for the decision body. */
async function bodyHash(): Promise<string> {
  return requestHash({ outcome: 'APPROVED', baReference: 'BA-CUT-1' });
}
