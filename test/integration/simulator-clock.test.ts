import { expect } from 'chai';
import exampleApplication from '../../processes/visa/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, newKey } from '../support/fixtures.js';

/**
 * The simulators' dates follow the engine's movable clock (simulators/clock.ts), as a
 * sandbox's do (docs/sandbox.md): after the engine clock moved 40 days ahead, the mission books
 * a slot and grants a visa dated from the engine's today, not the wall clock's.
 */
const DAY = 24 * 60 * 60 * 1000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('simulators: dates from the engine clock', function () {
  this.timeout(90_000);
  let h: Harness;

  before(async () => {
    h = await getHarness();
    const before = await h.engineClock.state();
    // Far enough that the wall clock's dates could not pass for the engine's.
    if (before.offsetMilli < 40 * DAY) await h.engineClock.advance(40 * DAY - before.offsetMilli);
  });
  const put = (path: string, body: object) =>
    fetch(`${h.simulatorsUrl}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers an appointment request with a slot counted from the engine’s now', async () => {
    expect((await put('/mission/_sim/settings', { appointmentInDays: 5 })).status).to.equal(200);
    const engineNow = await h.engineClock.now();
    const booking = async (bookWithin?: string) =>
      fetch(`${h.simulatorsUrl}/mission/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify({ caseId: crypto.randomUUID(), missionCode: 'DEL', bookWithin }),
      });
    const booked = await booking();
    expect(booked.status).to.equal(201);
    const at = Date.parse(((await booked.json()) as { appointmentAt: string }).appointmentAt);
    expect(at - engineNow).to.be.within(5 * DAY - 1000, 5 * DAY + 60_000);
    const none = await booking('P2D');
    expect(none.status).to.equal(409);
    const earliest = ((await none.json()) as { earliestAvailableAt: string }).earliestAvailableAt;
    expect(Date.parse(earliest) - engineNow).to.be.within(5 * DAY - 1000, 5 * DAY + 60_000);
  });

  it('takes the slot settings per case: one case finds no slot, another its slot as before', async () => {
    expect((await put('/mission/_sim/settings', { appointmentInDays: 5 })).status).to.equal(200);
    const late = crypto.randomUUID();
    const other = crypto.randomUUID();
    const set = await put(`/mission/_sim/settings/cases/${late}`, { appointmentInDays: 30 });
    expect(set.status).to.equal(200);
    expect(await set.json()).to.deep.include({ caseId: late, appointmentInDays: 30 });
    const book = (caseId: string) =>
      fetch(`${h.simulatorsUrl}/mission/appointments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify({ caseId, missionCode: 'DEL', bookWithin: 'P21D' }),
      });
    const none = await book(late);
    expect(none.status).to.equal(409);
    expect(((await none.json()) as { code: string }).code).to.equal('NO_SLOT_WITHIN_DEADLINE');
    expect((await book(other)).status).to.equal(201);
    const bad = await put(`/mission/_sim/settings/cases/${late}`, { appointmentInDays: -1 });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { errors: unknown[] }).errors).to.deep.equal([
      { field: '/appointmentInDays', reason: 'must be a non-negative integer' },
    ]);
  });

  it('grants an auto-answered visa valid from the engine’s today', async () => {
    const application = structuredClone(exampleApplication);
    application.applicant.applicantId = APPLICANT.subject;
    application.accelerated = true;
    const cases = new CaseClient(h.gatewayUrl, await h.token(APPLICANT));
    const caseId = await cases.start('visa', application);
    // Only this case is answered by the simulators (per case: nobody else's answers change).
    for (const partner of ['bva', 'mission'])
      expect(
        (await put(`/${partner}/_sim/auto-answer/cases/${caseId}`, { enabled: true })).status,
      ).to.equal(200);
    const done = await cases.finished(caseId);
    const engineToday = day(await h.engineClock.now());
    const decision = done.outcome.visaDecision as { outcome: string; validFrom: string };
    expect(decision.outcome).to.equal('GRANTED');
    expect(decision.validFrom).to.equal(engineToday);
    expect(decision.validFrom).not.to.equal(day(Date.now()));
    const appointmentAt = Date.parse(done.outcome.appointmentAt as string);
    expect(appointmentAt - Date.now()).to.be.above(40 * DAY);
  });
});
