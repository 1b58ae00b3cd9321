import { expect } from 'chai';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { autoAnswer } from '../support/simulators.js';
import { EMPLOYER } from '../support/fixtures.js';

/**
 * Partner simulators with auto-answer on decide by themselves, through the gateway, as the
 * real authorities would: nobody sends a message in these tests. Outcomes are configurable.
 */
describe('simulators: configurable auto-answers through the gateway', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  const partners = ['ba', 'bva', 'mission'] as const;

  const configure = (name: string, settings: object) =>
    autoAnswer(h.simulatorsUrl, [name], settings);

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    for (const p of partners) await configure(p, { enabled: true, delayMs: 0, outcome: null });
  });
  after(async () => {
    for (const p of partners) await configure(p, { enabled: false, outcome: null });
  });

  const application = () => {
    const a = structuredClone(wsaExample);
    a.employer.employerId = EMPLOYER.organisation!;
    return a; // Blue Card in a shortage occupation: BA approval, then the visa
  };

  it('runs a Blue Card case from the application to the arrival wait with no message sent by hand', async () => {
    const caseId = await cases.start('wsa-application', application());
    const waiting = await cases.at(caseId, 'AwaitArrival');
    expect(waiting.outcome.zustimmungOutcome).to.equal('APPROVED');
    expect((waiting.outcome.visaDecision as { outcome: string }).outcome).to.equal('GRANTED');
    expect(waiting.notices.map((n) => n.kind)).to.deep.equal([
      'BA_APPROVAL_DECISION',
      'VISA_DECISION',
    ]);
    const answers = partners.flatMap((p) =>
      h.autoAnswers[p].sent.filter((s) => s.caseId === caseId),
    );
    expect(answers.map((a) => [a.message, a.status]).sort()).to.deep.equal(
      [
        ['ba-zustimmung-decision', 202],
        ['bva-security-result', 202],
        ['visa-application-lodged', 202],
        ['visa-decision', 202],
      ].sort(),
    );
  });

  it('sends the configured outcome: a BA refusal ends the case', async () => {
    await configure('ba', { outcome: 'REFUSED' });
    const caseId = await cases.start('wsa-application', application());
    const done = await cases.finished(caseId);
    expect(done.outcome.zustimmungOutcome).to.equal('REFUSED');
    expect(done.finalStage?.elementId).to.equal('RefusedWithoutZustimmung');
  });

  it('answers per case: one case refused on request, the simulator-wide setting untouched', async () => {
    await configure('ba', { enabled: false, outcome: null });
    const own = await cases.start('wsa-application', application());
    const other = await cases.start('wsa-application', application());
    // Switched on for this case only, before or after its BA request: either way it is answered.
    const res = await fetch(`${h.simulatorsUrl}/ba/_sim/auto-answer/cases/${own}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true, outcome: 'REFUSED' }),
    });
    expect(await res.json()).to.include({ caseId: own, enabled: true, outcome: 'REFUSED' });
    const done = await cases.finished(own);
    expect(done.outcome.zustimmungOutcome).to.equal('REFUSED');
    const global = (await (await fetch(`${h.simulatorsUrl}/ba/_sim/auto-answer`)).json()) as object;
    expect(global).to.include({ enabled: false, outcome: null });
    expect(h.autoAnswers.ba.sent.filter((s) => s.caseId === other)).to.deep.equal([]);
    await configure('ba', { enabled: true });
  });

  it('refuses invalid settings', async () => {
    const res = await fetch(`${h.simulatorsUrl}/ba/_sim/auto-answer`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delayMs: -1 }),
    });
    expect(res.status).to.equal(400);
    const perCase = await fetch(`${h.simulatorsUrl}/ba/_sim/auto-answer/cases/c-1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 7 }),
    });
    expect(perCase.status).to.equal(400);
    expect(((await perCase.json()) as { errors: unknown[] }).errors).to.deep.equal([
      { field: '/outcome', reason: 'must be a string or null' },
    ]);
  });
});
