import { expect } from 'chai';
import request from 'supertest';
import { loadProcedures } from '../../processes/registry.js';
import { historyCaseOf } from '../../monitoring/expected-decision.js';
import type { CaseFacts } from '../../read-model/case-facts.js';
import { CaseFactsReader } from '../../gateway/data/case-facts-reader.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { BA_PARTNER, EMPLOYER, newKey, zustimmungApplication } from '../support/fixtures.js';

/**
 * The expected decision date learns only from cases that say how long a decision takes:
 * withdrawn cases and test cases are no history. Where there is no prediction, the status
 * says why.
 */
describe('expected decision date: its history and its absence', function () {
  this.timeout(60_000);
  const procedures = loadProcedures();
  let h: Harness;
  let employer: string;
  let ba: string;
  let cases: CaseClient;

  before(async () => {
    h = await getHarness();
    [employer, ba] = await Promise.all([h.token(EMPLOYER), h.token(BA_PARTNER)]);
    cases = new CaseClient(h.gatewayUrl, employer);
  });

  const facts = (caseId: string) =>
    eventually(async () => {
      const { rows } = await h.pool.query<{ facts: CaseFacts }>(
        `select facts from read_model.case_facts where case_id = $1 and state = 'COMPLETED'`,
        [caseId],
      );
      return rows[0]?.facts;
    }, `facts of ${caseId}`);

  async function startBa(testCase: boolean): Promise<string> {
    const req = request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${employer}`)
      .set('idempotency-key', newKey());
    const res = await (testCase ? req.set('test-case', 'true') : req).send(
      zustimmungApplication({ accelerated: true }),
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.caseId as string;
  }

  async function approve(caseId: string) {
    await cases.at(caseId, 'AwaitBaDecision');
    expect(
      (
        await cases.send(ba, caseId, 'ba-zustimmung-decision', {
          outcome: 'APPROVED',
          baReference: 'BA-ED-1',
        })
      ).status,
    ).to.equal(202);
    return cases.finished(caseId);
  }

  it('keeps withdrawn cases and test cases out of the history', async () => {
    const real = await startBa(false);
    const test = await startBa(true);
    const withdrawn = await startBa(false);
    await approve(real);
    await approve(test);
    await cases.at(withdrawn, 'AwaitBaDecision');
    expect(
      (await cases.send(employer, withdrawn, 'application-withdrawn', { reason: 'Filled.' }))
        .status,
    ).to.equal(202);
    await cases.finished(withdrawn);

    const [r, t, w] = await Promise.all([facts(real), facts(test), facts(withdrawn)]);
    expect(r.excludedFromHistory).to.equal(null);
    expect(historyCaseOf(r, procedures)).to.include({ procedure: 'ba-approval' });
    expect(t.excludedFromHistory).to.equal('TEST_CASE');
    expect(historyCaseOf(t, procedures)).to.equal(null);
    expect(w.excludedFromHistory).to.equal('WITHDRAWN');
    expect(historyCaseOf(w, procedures)).to.equal(null);
    // Nor do they take the places of real cases in what the predictions read.
    const read = (await new CaseFactsReader(h.pool).recentlyCompleted(['ba-approval'], 10_000)).map(
      (f) => f.caseId,
    );
    expect(read).to.include(real);
    expect(read).not.to.include.members([test]);
    expect(read).not.to.include.members([withdrawn]);
  });

  it('says why there is no prediction, in the caller’s language', async () => {
    const caseId = await startBa(true);
    const running = await cases.at(caseId, 'AwaitBaDecision');
    // Exactly one of the two: a prediction, or the reason there is none.
    expect(
      (running.expectedDecision === null) !== (running.expectedDecisionUnavailable === null),
    ).to.equal(true);
    if (running.expectedDecision) {
      // Bounded by the deemed approval (legal effect), never before now.
      const deemed = running.deadlines.find((d) => d.kind === 'legal-effect')!;
      expect(Date.parse(running.expectedDecision.latest)).to.be.at.most(
        Date.parse(deemed.dueAt) + 7 * 86_400_000,
      );
    } else expect(running.expectedDecisionUnavailable!.reason).to.equal('TOO_FEW_COMPARABLE_CASES');

    const done = await approve(caseId);
    expect(done.expectedDecision).to.equal(null);
    expect(done.expectedDecisionUnavailable).to.deep.equal({
      reason: 'CASE_ENDED',
      comparableCases: 0,
      required: 5,
      text: 'The procedure has ended.',
    });
    expect((await cases.status(caseId, 'de')).expectedDecisionUnavailable!.text).to.equal(
      'Das Verfahren ist abgeschlossen.',
    );
  });
});
