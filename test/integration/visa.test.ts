import { expect } from 'chai';
import exampleApplication from '../../processes/visa/examples/application.json' with { type: 'json' };
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { APPLICANT, BVA, MISSION } from '../support/fixtures.js';
import { CaseClient } from '../support/case-client.js';

/**
 * Visa (before entry): appointment within the deadline, lodging at the mission, the BVA
 * security consultation, the mission's decision, and the §31a AufenthV decision deadline
 * of the accelerated procedure.
 */
const DAY = 24 * 60 * 60 * 1000;

describe('visa: appointment, BVA consultation, decision and the §31a deadline', function () {
  this.timeout(90_000);
  let h: Harness;
  let applicant: string;
  let mission: string;
  let bva: string;
  let cases: CaseClient;

  before(async () => {
    h = await getHarness();
    [applicant, mission, bva] = await Promise.all([
      h.token(APPLICANT),
      h.token(MISSION),
      h.token(BVA),
    ]);
    cases = new CaseClient(h.gatewayUrl, applicant);
  });

  async function start(accelerated: boolean): Promise<string> {
    const application = structuredClone(exampleApplication);
    application.applicant.applicantId = APPLICANT.subject;
    application.accelerated = accelerated;
    return cases.start('visa', application);
  }
  const status = (caseId: string) => cases.status(caseId);
  const at = (caseId: string, elementId: string) => cases.at(caseId, elementId);
  const send = (token: string, caseId: string, message: string, payload: object) =>
    cases.send(token, caseId, message, payload);
  /** The statutory deadlines met and missed, as impact monitoring counts them (case facts). */
  const deadlinesCounted = async (caseId: string) =>
    (
      await h.pool.query<{ d: { met: number; missed: number } }>(
        `select facts->'deadlines' as d from read_model.case_facts where case_id = $1`,
        [caseId],
      )
    ).rows[0]?.d;
  const settings = (appointmentInDays: number) =>
    fetch(`${h.simulatorsUrl}/mission/_sim/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentInDays }),
    });

  it('grants the visa after the BVA consultation, within the accelerated deadlines', async () => {
    const caseId = await start(true);
    const booked = await at(caseId, 'AwaitApplicationLodged');
    // Booked within the §31a window: the appointment deadline was met (its timer cancelled).
    expect(booked.outcome.appointmentOverdue).to.equal(undefined);
    expect(booked.history.map((e) => e.elementId)).not.to.include('FlagAppointmentOverdue');
    expect(booked.outcome.visaDeadlines).to.deep.equal({
      appointmentWithin: 'P21D',
      decisionWithin: 'P21D',
      basis: '§31a AufenthV',
      lookForSlotAgainAfter: 'P1D',
    });
    expect(Date.parse(booked.outcome.appointmentAt as string)).to.be.greaterThan(Date.now());
    expect(
      [...h.simulators.mission.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      ),
    ).to.have.length(1);

    const lodgedAt = await h.engineClock.now();
    expect(
      (
        await send(mission, caseId, 'visa-application-lodged', {
          missionReference: 'NDL-1',
          biometricsCaptured: true,
        })
      ).status,
    ).to.equal(202);
    const consulting = await at(caseId, 'AwaitSecurityResult');
    expect(
      Date.parse(
        consulting.deadlines.find((d) => d.elementId === 'DecisionDeadlineElapsed')!.dueAt,
      ) - lodgedAt,
    ).to.be.within(21 * DAY - 60_000, 21 * DAY + 60_000);
    const consultation = [...h.simulators.bva.effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );
    expect(consultation).to.have.length(1);
    expect(
      (consultation[0]!.body as { travelDocument: { number: string } }).travelDocument.number,
    ).to.equal('Z1234567');

    // The mission cannot decide before the BVA has answered: nobody waits for that yet.
    expect(
      (
        await send(mission, caseId, 'visa-decision', {
          outcome: 'GRANTED',
          missionReference: 'NDL-1',
          validFrom: '2027-02-01',
          validUntil: '2027-07-31',
        })
      ).status,
    ).to.equal(409);
    expect(
      (
        await send(bva, caseId, 'bva-security-result', {
          result: 'NO_CONCERNS',
          bvaReference: 'B-1',
        })
      ).status,
    ).to.equal(202);
    await at(caseId, 'AwaitVisaDecision');
    expect(
      (
        await send(mission, caseId, 'visa-decision', {
          outcome: 'GRANTED',
          missionReference: 'NDL-1',
          validFrom: '2027-02-01',
          validUntil: '2027-07-31',
        })
      ).status,
    ).to.equal(202);
    const done = await eventually(async () => {
      const s = await status(caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'completed');
    expect(done.finalStage?.elementId).to.equal('VisaGranted');
    expect(done.outcome.visaDecisionOverdue).to.equal(undefined);
    // Both §31a AufenthV deadlines met: the appointment window and the decision period.
    expect(
      await eventually(async () => {
        const d = await deadlinesCounted(caseId);
        return d && d.met + d.missed === 2 ? d : undefined;
      }, 'deadlines counted'),
    ).to.deep.equal({ met: 2, missed: 0 });
  });

  it('keeps the §31a appointment window from the presented pre-approval: a slot retry does not measure it again, and it is missed once', async () => {
    expect((await settings(25)).status).to.equal(200);
    try {
      const startedAt = await h.engineClock.now();
      const caseId = await start(true);
      const waiting = await at(caseId, 'WaitForFreeSlots');
      const window = waiting.deadlines.find((d) => d.elementId === 'AppointmentDeadlineElapsed');
      expect(window, 'the appointment window in the status').to.include({
        kind: 'overdue',
        basis: '§31a AufenthV',
        authority: 'MISSION',
      });
      expect(Date.parse(window!.dueAt) - startedAt).to.be.within(
        21 * DAY - 60_000,
        21 * DAY + 60_000,
      );
      const bookings = () =>
        [...h.simulators.mission.effects.values()].filter(
          (e) => (e.body as { caseId: string }).caseId === caseId,
        );
      const looked = (s: { history: { elementId: string; event: string }[] }) =>
        s.history.filter((e) => e.elementId === 'WaitForFreeSlots' && e.event === 'started').length;

      // Five days on, the mission's first slot is 18 days ahead: within 21 days of this retry,
      // but 23 days after the pre-approval was presented. Not within the window: no booking.
      expect((await settings(18)).status).to.equal(200);
      await h.engineClock.advance(5 * DAY + 60_000);
      const again = await eventually(async () => {
        const s = await status(caseId);
        return looked(s) >= 2 && s.currentStages.some((c) => c.elementId === 'WaitForFreeSlots')
          ? s
          : undefined;
      }, 'looked again');
      expect(bookings()).to.have.length(0);
      // The same window, not a new one.
      expect(
        again.deadlines.find((d) => d.elementId === 'AppointmentDeadlineElapsed')!.dueAt,
      ).to.equal(window!.dueAt);

      // The window passes: recorded as missed once; the mission then books its first slot.
      await h.engineClock.advance(17 * DAY);
      const booked = await eventually(async () => {
        const s = await status(caseId);
        return s.outcome.appointmentOverdue === true &&
          s.currentStages.some((c) => c.elementId === 'AwaitApplicationLodged')
          ? s
          : undefined;
      }, 'overdue, then booked');
      expect(bookings()).to.have.length(1);
      expect(booked.deadlines.map((d) => d.elementId)).not.to.include('AppointmentDeadlineElapsed');
      expect(
        booked.history.filter(
          (e) => e.elementId === 'FlagAppointmentOverdue' && e.event === 'started',
        ),
      ).to.have.length(1);
      expect(
        await eventually(async () => {
          const d = await deadlinesCounted(caseId);
          return d && d.missed === 1 ? d : undefined;
        }, 'missed counted'),
      ).to.deep.equal({ met: 0, missed: 1 });
    } finally {
      await settings(5);
    }
  });

  it('looks for a slot again when the mission has none within the deadline (BPMN error), and books once', async () => {
    expect((await settings(30)).status).to.equal(200);
    try {
      const caseId = await start(true);
      const waiting = await at(caseId, 'WaitForFreeSlots');
      expect(
        waiting.currentStages.find((s) => s.elementId === 'WaitForFreeSlots')!.awaiting,
      ).to.equal('MISSION');
      // The mission's earliest slot is kept for the case; nothing was booked.
      expect(Date.parse(waiting.outcome.earliestAppointmentAt as string)).to.be.greaterThan(
        Date.now() + 29 * DAY,
      );
      const bookings = () =>
        [...h.simulators.mission.effects.values()].filter(
          (e) => (e.body as { caseId: string }).caseId === caseId,
        );
      expect(bookings()).to.have.length(0);
      expect(waiting.delayedByTechnicalProblem).to.equal(false);

      // Slots free up; a day later the mission looks again and books.
      expect((await settings(5)).status).to.equal(200);
      await h.engineClock.advance(DAY + 60_000);
      const booked = await at(caseId, 'AwaitApplicationLodged');
      expect(
        booked.history.filter((e) => e.elementId === 'WaitForFreeSlots'),
      ).to.have.length.greaterThan(0);
      expect(bookings()).to.have.length(1);
    } finally {
      await settings(5);
    }
  });

  it('flags the decision as overdue after the deadline and still takes the decision', async () => {
    const caseId = await start(false);
    const booked = await at(caseId, 'AwaitApplicationLodged');
    expect((booked.outcome.visaDeadlines as { basis: string }).basis).to.equal('service target');
    await send(mission, caseId, 'visa-application-lodged', {
      missionReference: 'NDL-2',
      biometricsCaptured: true,
    });
    const consulting = await at(caseId, 'AwaitSecurityResult');
    expect(consulting.deadlines.find((d) => d.elementId === 'DecisionDeadlineElapsed')).to.include({
      kind: 'service-target',
      basis: null,
    });
    await h.engineClock.advance(6 * 7 * DAY + 60_000);
    const overdue = await eventually(async () => {
      const s = await status(caseId);
      return s.outcome.visaDecisionOverdue === true ? s : undefined;
    }, 'overdue flag');
    expect(overdue.currentStages.map((s) => s.elementId)).to.include('AwaitSecurityResult');
    await send(bva, caseId, 'bva-security-result', { result: 'CONCERNS', bvaReference: 'B-2' });
    await at(caseId, 'AwaitVisaDecision');
    await send(mission, caseId, 'visa-decision', {
      outcome: 'REFUSED',
      missionReference: 'NDL-2',
      reasons: ['Sicherheitsbedenken (§5 Abs. 4 AufenthG)'],
    });
    const done = await eventually(async () => {
      const s = await status(caseId);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'completed');
    expect(done.finalStage?.elementId).to.equal('VisaRefused');
    // Outside the accelerated procedure the periods are service targets, not §31a AufenthV:
    // shown as such, and not counted as statutory deadlines.
    expect(overdue.deadlines.find((d) => d.elementId === 'DecisionDeadlineElapsed')).to.equal(
      undefined,
    ); // fired already
    expect(await eventually(() => deadlinesCounted(caseId), 'facts')).to.deep.equal({
      met: 0,
      missed: 0,
    });
    // The security result is the authorities' (data minimisation): the applicant does not see it.
    expect(done.outcome.securityResult).to.equal(undefined);
    const missionView = await new CaseClient(h.gatewayUrl, mission).status(caseId);
    expect((missionView.outcome.securityResult as { result: string }).result).to.equal('CONCERNS');
  });

  it('accepts messages only from the authority that sends them', async () => {
    const caseId = await start(true);
    await at(caseId, 'AwaitApplicationLodged');
    expect(
      (
        await send(bva, caseId, 'visa-application-lodged', {
          missionReference: 'X',
          biometricsCaptured: true,
        })
      ).status,
    ).to.equal(403);
    expect(
      (
        await send(applicant, caseId, 'visa-application-lodged', {
          missionReference: 'X',
          biometricsCaptured: true,
        })
      ).status,
    ).to.equal(403);
    const invalid = await send(mission, caseId, 'visa-application-lodged', {
      missionReference: 'X',
      biometricsCaptured: false,
    });
    expect(invalid.status).to.equal(400);
    expect(invalid.body.errors[0].field).to.equal('/biometricsCaptured');
  });
});
