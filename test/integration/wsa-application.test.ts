import { visaValidity } from '../support/engine-clock.js';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { PROCESSES_DIR } from '../../processes/registry.js';
import exampleApplication from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import {
  ABH_CASEWORKER,
  APPLICANT,
  BA_PARTNER,
  BVA,
  EMPLOYER,
  MISSION,
  OTHER_EMPLOYER,
  RECOGNITION_BODY,
} from '../support/fixtures.js';

/**
 * The application chain (first part): the legal route from the decision table, the BA
 * approval as a called procedure whose steps and messages belong to the one case, and a
 * legislative change as a model edit.
 */
type Application = typeof exampleApplication;
const DAY = 24 * 60 * 60 * 1000;

function application(change: (a: Application) => void = () => undefined): Application {
  const a = structuredClone(exampleApplication);
  a.employer.employerId = EMPLOYER.organisation!;
  change(a);
  return a;
}

interface LegalRoute {
  route: string;
  baApprovalRequired: boolean;
  recognitionRequired: boolean;
}

describe('wsa-application: legal route and BA approval as a called procedure', function () {
  this.timeout(90_000);
  let h: Harness;
  let employer: string;
  let ba: string;
  let cases: CaseClient;

  before(async () => {
    h = await getHarness();
    employer = await h.token(EMPLOYER);
    ba = await h.token(BA_PARTNER);
    cases = new CaseClient(h.gatewayUrl, employer);
  });

  const start = (body: Application) => cases.start('wsa-application', body);
  const status = (caseId: string) => cases.status(caseId);
  const until = (caseId: string, what: string, ok: (s: CaseStatus) => boolean) =>
    cases.until(caseId, what, ok);
  const atVisa = (s: CaseStatus) =>
    s.currentStages.some((st) => st.elementId === 'AwaitApplicationLodged');
  const waitingForBa = (s: CaseStatus) =>
    s.currentStages.some((st) => st.elementId === 'AwaitBaDecision') &&
    s.awaitedMessages.includes('ba-zustimmung-decision');

  it('asks for missing documents at intake, reminds, and goes on when they arrive (Nachforderung)', async () => {
    const caseId = await start(
      application(
        (a) => (a.documents = a.documents.filter((d) => d.type !== 'EMPLOYMENT_CONTRACT')),
      ),
    );
    const asked = await until(caseId, 'Nachforderung', (s) =>
      s.currentStages.some((st) => st.elementId === 'AwaitMissingDocuments'),
    );
    expect(asked.outcome.missingDocuments).to.deep.equal(['EMPLOYMENT_CONTRACT']);
    expect(
      asked.currentStages.find((st) => st.elementId === 'AwaitMissingDocuments')!.awaiting,
    ).to.equal('applicant');
    expect(asked.deadlines.map((d) => d.elementId).sort()).to.deep.equal([
      'NachforderungDeadlineElapsed',
      'ReminderDue',
    ]);

    await h.engineClock.advance(14 * DAY + 60_000);
    const reminded = await until(caseId, 'reminder', (s) => s.outcome.reminderSent === true);
    expect(reminded.currentStages.map((st) => st.elementId)).to.include('AwaitMissingDocuments');

    const sent = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/messages/intake-documents-provided`)
      .set('authorization', `Bearer ${employer}`)
      .send({ documents: [{ type: 'EMPLOYMENT_CONTRACT', name: 'Arbeitsvertrag.pdf' }] });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(202);
    const goingOn = await until(caseId, 'waiting for the BA', waitingForBa);
    expect(goingOn.outcome.missingDocuments).to.deep.equal([]);
    expect(goingOn.history.map((e) => e.elementId)).to.include.members([
      'AwaitMissingDocuments',
      'DetermineLegalRoute',
    ]);
  });

  it('escalates an unanswered Nachforderung to the immigration office, which extends the deadline once and then closes', async () => {
    const caseId = await start(application((a) => (a.documents = [])));
    const asked = await until(caseId, 'Nachforderung', (s) =>
      s.currentStages.some((st) => st.elementId === 'AwaitMissingDocuments'),
    );
    expect(asked.outcome.missingDocuments).to.deep.equal([
      'PASSPORT',
      'DEGREE_CERTIFICATE',
      'EMPLOYMENT_CONTRACT',
    ]);
    expect(asked.openTasks).to.deep.equal([]);
    // Tasks are shown to the caseworkers who may work them.
    const abhCases = new CaseClient(h.gatewayUrl, await h.token(ABH_CASEWORKER));

    // The deadline passes: a caseworker of the coordinating immigration office decides.
    await h.engineClock.advance(28 * DAY + 60_000);
    const escalated = await abhCases.until(
      caseId,
      'task for the ABH',
      (s) => s.openTasks.length === 1,
    );
    expect((await cases.status(caseId)).openTasks, 'not shown to the employer').to.deep.equal([]);
    const [task] = escalated.openTasks;
    expect(task).to.include({
      elementId: 'ReviewUnansweredNachforderung',
      form: 'review-unanswered-nachforderung',
      assignee: null,
    });
    expect(task!.authorities).to.deep.equal(['ABH']);
    expect(
      escalated.currentStages.find((st) => st.elementId === task!.elementId)!.awaiting,
    ).to.equal('ABH');
    // Due within the review period of the intake table (P5D) from the engine's now.
    const due = Date.parse(task!.dueAt!) - (await h.engineClock.now());
    expect(due).to.be.within(5 * DAY - 120_000, 5 * DAY + 1000);

    const [abh, baCaseworker] = await Promise.all([
      h.token(ABH_CASEWORKER),
      h.token({ subject: 'ba-cw-1', role: 'caseworker', authority: 'BA' }),
    ]);
    const extend = {
      action: 'EXTEND',
      extendBy: 'P7D',
      reason: 'Applicant wrote that the university is slow.',
    };
    // Nobody else completes it: not the employer, not another authority's caseworker.
    expect((await cases.completeTask(employer, caseId, task!.taskKey, extend)).status).to.equal(
      403,
    );
    expect((await cases.completeTask(baCaseworker, caseId, task!.taskKey, extend)).status).to.equal(
      404,
    );
    // The result must match the task's schema, field by field.
    const invalid = await cases.completeTask(abh, caseId, task!.taskKey, {
      action: 'EXTEND',
      reason: 'x',
    });
    expect(invalid.status).to.equal(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).to.include.members([
      '/extendBy',
      '/reason',
    ]);

    const extended = await cases.completeTask(abh, caseId, task!.taskKey, extend);
    expect(extended.status, JSON.stringify(extended.body)).to.equal(200);
    // The same task cannot be completed twice.
    const again = await cases.completeTask(abh, caseId, task!.taskKey, extend);
    expect(again.status).to.equal(409);
    expect(again.body.type).to.match(/task-not-open$/);

    const waitingAgain = await abhCases.until(
      caseId,
      'waiting for the documents again, with the new deadline',
      (s) =>
        s.openTasks.length === 0 &&
        s.currentStages.some((st) => st.elementId === 'AwaitMissingDocuments') &&
        s.deadlines.some((d) => d.elementId === 'NachforderungDeadlineElapsed'),
    );
    expect((waitingAgain.outcome.nachforderungReview as { action: string }).action).to.equal(
      'EXTEND',
    );
    const newDeadline = waitingAgain.deadlines.find(
      (d) => d.elementId === 'NachforderungDeadlineElapsed',
    )!;
    const left = Date.parse(newDeadline.dueAt) - (await h.engineClock.now());
    expect(left).to.be.within(7 * DAY - 120_000, 7 * DAY + 1000);

    // Still nothing: the second escalation closes the application.
    await h.engineClock.advance(7 * DAY + 60_000);
    const second = await abhCases.until(
      caseId,
      'second escalation',
      (s) => s.openTasks.length === 1 && s.openTasks[0]!.taskKey !== task!.taskKey,
    );
    const closed = await cases.completeTask(abh, caseId, second.openTasks[0]!.taskKey, {
      action: 'CLOSE',
      reason: 'No answer after the extension.',
    });
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    const done = await until(caseId, 'closed', (s) => s.state === 'COMPLETED');
    expect(done.finalStage?.elementId).to.equal('ApplicationIncomplete');
    expect(done.openTasks).to.deep.equal([]);
    // The closure reaches the applicant as a notice, with the caseworker's reason.
    expect(done.notices.map((n) => [n.kind, n.authority, n.outcome])).to.deep.equal([
      ['APPLICATION_CLOSED_INCOMPLETE', 'ABH', 'CLOSED'],
    ]);
    const notice = await request(h.gatewayUrl)
      .get(done.notices[0]!.href)
      .set('authorization', `Bearer ${employer}`);
    expect(notice.status).to.equal(200);
    expect(notice.body.body).to.include('No answer after the extension.');
  });

  it('decides the Blue Card at the general threshold without the BA', async () => {
    const caseId = await start(application((a) => (a.jobOffer.grossAnnualSalaryEur = 60000)));
    const done = await until(caseId, 'at the visa stage', atVisa);
    expect(done.history.map((e) => e.elementId)).to.not.include('SubmitZustimmungRequest');
    expect(done.outcome.legalRoute).to.deep.equal({
      route: 'BLUE_CARD_18G',
      baApprovalRequired: false,
      recognitionRequired: false,
    });
  });

  it('runs BA approval and recognition in parallel for §18a, then the visa and, after arrival, the residence permit, all in the one case', async () => {
    const validity = await visaValidity(h.engineClock);
    const caseId = await start(
      application((a) => {
        a.qualification.kind = 'VOCATIONAL_TRAINING';
        a.documents.push({ type: 'VOCATIONAL_CERTIFICATE', name: 'Diploma.pdf' });
        a.qualification.recognition = 'NOT_ASSESSED';
        a.qualification.title = 'General Nursing and Midwifery (Diploma)';
        a.applicant.applicantId = APPLICANT.subject;
      }),
    );
    const both = await until(
      caseId,
      'BA and recognition body both at work',
      (s) =>
        waitingForBa(s) && s.currentStages.some((st) => st.elementId === 'AwaitCompletenessCheck'),
    );
    expect(both.outcome.legalRoute).to.deep.equal({
      route: 'SKILLED_WORKER_VOCATIONAL_18A',
      baApprovalRequired: true,
      recognitionRequired: true,
    });
    expect(both.outcome.recognitionFileId).to.match(/^AN-/);
    // The recognition body got what the applicant gave once, not asked again.
    const sent = [...h.simulators.recognition.effects.values()].find(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );
    expect(
      (sent!.body as { qualification: { title: string; institution: string } }).qualification,
    ).to.include({
      title: 'General Nursing and Midwifery (Diploma)',
      institution: 'Savitribai Phule Pune University',
    });

    const body = await h.token(RECOGNITION_BODY);
    const send = (token: string, message: string, payload: object) =>
      cases.send(token, caseId, message, payload);
    expect(
      (await send(ba, 'ba-zustimmung-decision', { outcome: 'APPROVED', baReference: 'BA-P' }))
        .status,
    ).to.equal(202);
    expect(
      (await send(body, 'recognition-application-complete', { fileReference: 'AN-P' })).status,
    ).to.equal(202);
    await until(caseId, 'assessment', (s) =>
      s.currentStages.some((st) => st.elementId === 'AwaitRecognitionDecision'),
    );
    expect(
      (await send(body, 'recognition-decision', { result: 'EQUIVALENT', fileReference: 'AN-P' }))
        .status,
    ).to.equal(202);

    // Approvals in: the visa procedure of the same case, with the route decided at intake.
    const visa = await until(caseId, 'at the visa stage', atVisa);
    expect(visa.outcome.zustimmungOutcome).to.equal('APPROVED');
    expect((visa.outcome.recognitionDecision as { result: string }).result).to.equal('EQUIVALENT');
    const [mission, bva] = await Promise.all([h.token(MISSION), h.token(BVA)]);
    expect(
      (
        await send(mission, 'visa-application-lodged', {
          missionReference: 'NDL-P',
          biometricsCaptured: true,
        })
      ).status,
    ).to.equal(202);
    await until(caseId, 'security consultation', (s) =>
      s.currentStages.some((st) => st.elementId === 'AwaitSecurityResult'),
    );
    expect(
      (await send(bva, 'bva-security-result', { result: 'NO_CONCERNS', bvaReference: 'B-P' }))
        .status,
    ).to.equal(202);
    await until(caseId, 'visa decision', (s) =>
      s.currentStages.some((st) => st.elementId === 'AwaitVisaDecision'),
    );
    expect(
      (
        await send(mission, 'visa-decision', {
          outcome: 'GRANTED',
          missionReference: 'NDL-P',
          ...validity,
        })
      ).status,
    ).to.equal(202);

    // Visa granted: the case waits for the skilled worker to arrive.
    const granted = await until(caseId, 'waiting for arrival', (s) =>
      s.currentStages.some((st) => st.elementId === 'AwaitArrival'),
    );
    expect((granted.outcome.visaDecision as { outcome: string }).outcome).to.equal('GRANTED');
    expect(granted.deadlines.map((d) => d.elementId)).to.include('VisaExpiredBeforeArrival');

    // After arrival, the residence permit procedure of the same case: nothing asked again,
    // and the BVA check the visa recorded is reused.
    const applicant = await h.token(APPLICANT);
    // An impossible entry date is refused, naming the field: after the engine's today, or
    // before the visa is valid.
    const day = (iso: string, days: number) =>
      new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
    const engineToday = new Date(await h.engineClock.now()).toISOString().slice(0, 10);
    for (const [enteredOn, reason] of [
      [day(engineToday, 2), /in the future/],
      [
        day(validity.validFrom, -1),
        new RegExp(`before the visa is valid \\(${validity.validFrom}\\)`),
      ],
    ] as const) {
      const refused = await send(applicant, 'arrived-in-germany', {
        enteredOn,
        abhCode: 'DE-SN-DRESDEN',
        employmentChanged: false,
      });
      expect(refused.status, enteredOn).to.equal(400);
      expect(refused.body.errors).to.have.length(1);
      expect(refused.body.errors[0].field).to.equal('/enteredOn');
      expect(refused.body.errors[0].reason).to.match(reason);
    }
    expect(
      (
        await send(applicant, 'arrived-in-germany', {
          enteredOn: validity.validFrom,
          abhCode: 'DE-SN-DRESDEN',
          employmentChanged: false,
        })
      ).status,
    ).to.equal(202);
    await until(caseId, 'immigration office decides', (s) =>
      s.currentStages.some((st) => st.elementId === 'DecideResidencePermit'),
    );
    const abh = await h.token(ABH_CASEWORKER);
    await new CaseClient(h.gatewayUrl, abh).decide(abh, caseId, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-DD-P',
      validUntil: '2031-02-28',
    });

    const done = await until(caseId, 'completed', (s) => s.state === 'COMPLETED');
    expect(done.finalStage?.elementId).to.equal('ResidencePermitGranted');
    expect((done.outcome.permitDecision as { outcome: string }).outcome).to.equal('GRANTED');
    expect(done.outcome.eatOrderId, 'card logistics are not the employer’s').to.equal(undefined);
    expect((await new CaseClient(h.gatewayUrl, abh).status(caseId)).outcome.eatOrderId).to.be.a(
      'string',
    );
    const steps = done.history.map((e) => e.elementId);
    expect(steps).to.include.members([
      'ZustimmungGranted',
      'Recognised',
      'VisaGranted',
      'AwaitArrival',
      'PermitGranted',
    ]);
    const bvaRequests = [...h.simulators.bva.effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );
    expect(bvaRequests, 'one BVA consultation for visa and residence permit').to.have.length(1);
    expect(steps.at(-1)).to.equal('ResidencePermitGranted');

    // Every decision reached the applicant through the platform, whichever authority issued it.
    // BA approval and recognition ran in parallel: their notices come in either order.
    const delivered = done.notices.map((n) => [n.kind, n.authority, n.outcome]);
    expect(delivered.slice(0, 2)).to.have.deep.members([
      ['BA_APPROVAL_DECISION', 'BA', 'APPROVED'],
      ['RECOGNITION_DECISION', 'RECOGNITION', 'EQUIVALENT'],
    ]);
    expect(delivered.slice(2)).to.deep.equal([
      ['VISA_DECISION', 'MISSION', 'GRANTED'],
      ['FIKTIONSBESCHEINIGUNG', 'ABH', 'ISSUED'],
      ['RESIDENCE_PERMIT_DECISION', 'ABH', 'GRANTED'],
    ]);
    const visaNotice = done.notices.find((n) => n.kind === 'VISA_DECISION')!;
    const inGerman = await request(h.gatewayUrl)
      .get(visaNotice.href)
      .set('authorization', `Bearer ${applicant}`)
      .set('accept-language', 'de');
    expect(inGerman.status).to.equal(200);
    expect(inGerman.headers['content-language']).to.equal('de');
    expect(inGerman.body).to.include({
      kind: 'VISA_DECISION',
      outcome: 'GRANTED',
      reference: 'NDL-P',
      validUntil: validity.validUntil,
      title: 'Entscheidung über das nationale Visum',
    });
    expect(inGerman.body.body).to.include('erteilt').and.include(`bis ${validity.validUntil}`);
    expect(inGerman.body.addressee.familyName).to.equal(exampleApplication.applicant.familyName);
    // Hidden from those who may not see the case; unknown notices are 404, malformed ids 400.
    const other = await h.token(OTHER_EMPLOYER);
    expect(
      (await request(h.gatewayUrl).get(visaNotice.href).set('authorization', `Bearer ${other}`))
        .status,
    ).to.equal(404);
    const malformed = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/notices/1:2`)
      .set('authorization', `Bearer ${applicant}`);
    expect(malformed.status).to.equal(400);
    expect(malformed.body.errors[0].field).to.equal('path:noticeId');
  });

  it('closes the application when the visa expires before the skilled worker arrives', async () => {
    const caseId = await start(application((a) => (a.jobOffer.grossAnnualSalaryEur = 60000)));
    const [mission, bva] = await Promise.all([h.token(MISSION), h.token(BVA)]);
    await until(caseId, 'at the visa stage', atVisa);
    await cases.send(mission, caseId, 'visa-application-lodged', {
      missionReference: 'NDL-X',
      biometricsCaptured: true,
    });
    await cases.at(caseId, 'AwaitSecurityResult');
    await cases.send(bva, caseId, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'B-X',
    });
    await cases.at(caseId, 'AwaitVisaDecision');
    const validUntil = new Date((await h.engineClock.now()) + 30 * DAY).toISOString().slice(0, 10);
    await cases.send(mission, caseId, 'visa-decision', {
      outcome: 'GRANTED',
      missionReference: 'NDL-X',
      validFrom: validUntil,
      validUntil,
    });
    const waiting = await cases.at(caseId, 'AwaitArrival');
    expect(
      waiting.deadlines.find((d) => d.elementId === 'VisaExpiredBeforeArrival')!.dueAt,
    ).to.equal(`${validUntil}T23:59:59.000Z`);

    await h.engineClock.advance(31 * DAY);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('VisaExpiredWithoutArrival');
    expect(done.awaitedMessages).to.deep.equal([]);
  });

  it('stops when the qualification is not recognised', async () => {
    const caseId = await start(
      application((a) => {
        a.qualification.kind = 'VOCATIONAL_TRAINING';
        a.documents.push({ type: 'VOCATIONAL_CERTIFICATE', name: 'Diploma.pdf' });
        a.qualification.recognition = 'NOT_ASSESSED';
      }),
    );
    const body = await h.token(RECOGNITION_BODY);
    const send = (token: string, message: string, payload: object) =>
      cases.send(token, caseId, message, payload);
    await until(
      caseId,
      'both at work',
      (s) =>
        waitingForBa(s) && s.currentStages.some((st) => st.elementId === 'AwaitCompletenessCheck'),
    );
    await send(body, 'recognition-application-complete', { fileReference: 'AN-N' });
    await until(caseId, 'assessment', (s) =>
      s.currentStages.some((st) => st.elementId === 'AwaitRecognitionDecision'),
    );
    await send(body, 'recognition-decision', { result: 'NOT_EQUIVALENT', fileReference: 'AN-N' });
    await send(ba, 'ba-zustimmung-decision', { outcome: 'APPROVED', baReference: 'BA-N' });
    const done = await until(caseId, 'completed', (s) => s.state === 'COMPLETED');
    expect(done.finalStage?.elementId).to.equal('NotRecognised');
  });

  it('runs the accelerated procedure (§81a) with the power of attorney and waits for the pre-approval', async () => {
    const accelerated = application((a) => {
      a.accelerated = true;
      a.jobOffer.grossAnnualSalaryEur = 60000; // Blue Card without BA approval
    });
    // The employer acts for the skilled worker: without their power of attorney, no case.
    const without = await request(h.gatewayUrl)
      .post('/api/v1/procedures/wsa-application/cases')
      .set('authorization', `Bearer ${employer}`)
      .set('idempotency-key', `no-poa-${Date.now()}`)
      .send(accelerated);
    expect(without.status).to.equal(400);
    expect(without.body.errors.map((e: { field: string }) => e.field)).to.include(
      '/powerOfAttorney',
    );
    const powerOfAttorney = {
      grantedOn: '2026-11-02',
      documentReference: 'Vollmacht-Sharma.pdf',
      scope: 'ACCELERATED_PROCEDURE_81A',
    };
    const caseId = await start({ ...accelerated, powerOfAttorney } as Application);
    const waiting = await until(caseId, 'waiting for the Vorabzustimmung', (s) =>
      s.currentStages.some((st) => st.elementId === 'DecideVorabzustimmung'),
    );
    expect(
      waiting.currentStages.find((st) => st.elementId === 'DecideVorabzustimmung')!.awaiting,
    ).to.equal('ABH');
    // The employer sees the immigration office's due date in plain words, in both languages,
    // and no raw element id (not the model's escalation timer DecideVorabzustimmungNearDue).
    const due = waiting.deadlines.find((d) => d.elementId === 'DecideVorabzustimmung');
    expect(due).to.deep.include({
      label:
        'Due date of the authority (immigration office): The central immigration office pre-approves (§81a AufenthG)',
      kind: 'service-target',
      basis: null,
      authority: 'ABH',
    });
    const german = await cases.status(caseId, 'de');
    expect(german.deadlines.find((d) => d.elementId === 'DecideVorabzustimmung')!.label).to.equal(
      'Frist der Behörde (Ausländerbehörde): Zentrale Ausländerbehörde erteilt die Vorabzustimmung (§81a AufenthG)',
    );
    for (const s of [waiting, german])
      for (const text of [
        ...s.currentStages.map((x) => x.label),
        ...s.deadlines.map((x) => x.label),
        ...s.history.map((x) => x.label),
      ])
        expect(text).not.to.match(/\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\b/);
    const abh = await h.token({ subject: 'zentrale-abh', role: 'caseworker', authority: 'ABH' });
    await new CaseClient(h.gatewayUrl, abh).decide(abh, caseId, 'DecideVorabzustimmung', {
      outcome: 'GRANTED',
      abhReference: 'ZABH-1',
      validUntil: '2027-06-30',
    });
    const visa = await until(caseId, 'at the visa stage', atVisa);
    expect((visa.outcome.vorabzustimmung as { abhReference: string }).abhReference).to.equal(
      'ZABH-1',
    );
    // In the accelerated procedure the visa runs on the §31a AufenthV deadlines.
    expect((visa.outcome.visaDeadlines as { basis: string }).basis).to.equal('§31a AufenthV');
    expect(visa.outcome.powerOfAttorney).to.deep.equal(powerOfAttorney);
  });

  it('runs the BA approval inside the one case: its steps, deadline and messages are the case’s', async () => {
    const caseId = await start(application()); // shortage occupation, 48,000 EUR: lower Blue Card threshold
    const waiting = await until(caseId, 'waiting for the BA', waitingForBa);
    expect((waiting.outcome.legalRoute as LegalRoute).route).to.equal('BLUE_CARD_18G');
    expect(waiting.deadlines.map((d) => d.elementId)).to.deep.equal([
      'DeemedApprovalPeriodElapsed',
    ]);
    expect(waiting.outcome.baRequestId).to.be.a('string');

    const decided = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
      .set('authorization', `Bearer ${ba}`)
      .send({ outcome: 'APPROVED', baReference: 'BA-WSA-1' });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(202);

    const done = await until(caseId, 'at the visa stage', atVisa);
    expect(done.outcome.zustimmungOutcome).to.equal('APPROVED');
    const steps = done.history.map((e) => `${e.elementId}:${e.event}`);
    expect(steps.slice(0, 5)).to.deep.equal([
      'DetermineCompetentAbh:started',
      'DetermineCompetentAbh:completed',
      'DetermineRequiredDocuments:started',
      'DetermineRequiredDocuments:completed',
      'DetermineLegalRoute:started',
    ]);
    expect(steps).to.include.members([
      'SubmitZustimmungRequest:completed',
      'BaDecisionReceived:completed',
      'ZustimmungGranted:completed',
    ]);
    expect(steps.at(-1)).to.equal('AwaitApplicationLodged:started');
  });

  it('applies a new salary threshold to new applications, while running ones keep their route', async () => {
    const dmnFile = `${PROCESSES_DIR}/wsa-application/legal-route.dmn`;
    const original = readFileSync(dmnFile, 'utf8');
    const running = await start(application());
    await until(running, 'running case waiting for the BA', waitingForBa);

    // The yearly change: thresholds raised, deployed as a new version of the decision.
    const changed = original
      .replace('&gt;= 50700', '&gt;= 52000')
      .replace('&gt;= 45934.20', '&gt;= 49000');
    expect(changed).to.not.equal(original);
    const deployed = await h.engine.deploy([{ name: 'legal-route.dmn', content: changed }]);
    try {
      const version = deployed.decisions[0]!.version;
      expect(version).to.be.greaterThan(1);
      const fresh = await start(application());
      const s = await until(
        fresh,
        'new case routed',
        (x) => x.outcome.legalRoute !== undefined && x.currentStages.length > 0,
      );
      expect((s.outcome.legalRoute as LegalRoute).route).to.equal('SKILLED_WORKER_DEGREE_18B');

      const old = await status(running);
      expect((old.outcome.legalRoute as LegalRoute).route).to.equal('BLUE_CARD_18G');
    } finally {
      // Back to the law of the repository for the other tests (a new version with the old content).
      await h.engine.deploy([{ name: 'legal-route.dmn', content: original }]);
    }
  });
});
