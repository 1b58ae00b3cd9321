import { expect } from 'chai';
import request from 'supertest';
import exampleApplication from '../../processes/recognition/examples/application.json' with { type: 'json' };
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { APPLICANT, RECOGNITION_BODY as BODY, newKey } from '../support/fixtures.js';
import { CaseClient } from '../support/case-client.js';

/**
 * Recognition (Anerkennung): completeness with the Nachforderung loop, the decision period
 * of §6 BQFG that starts with complete documents and stops while the applicant is asked,
 * and each outcome. Real engine, its clock moved for the periods.
 */
const DAY = 24 * 60 * 60 * 1000;

describe('recognition: completeness, Nachforderung and the decision period', function () {
  this.timeout(90_000);
  let h: Harness;
  let applicant: string;
  let body: string;
  let cases: CaseClient;

  before(async () => {
    h = await getHarness();
    applicant = await h.token(APPLICANT);
    body = await h.token(BODY);
    cases = new CaseClient(h.gatewayUrl, applicant);
  });

  async function start(accelerated = false): Promise<string> {
    const application = structuredClone(exampleApplication);
    application.applicant.applicantId = APPLICANT.subject;
    application.accelerated = accelerated;
    return cases.start('recognition', application);
  }
  const status = (caseId: string) => cases.status(caseId);
  const at = (caseId: string, elementId: string) => cases.at(caseId, elementId);
  const send = (token: string, caseId: string, message: string, payload: object) =>
    cases.send(token, caseId, message, payload);
  const finished = (caseId: string) => cases.finished(caseId);
  const dueOf = (s: CaseStatus, elementId: string) =>
    Date.parse(s.deadlines.find((d) => d.elementId === elementId)!.dueAt);

  it('recognises after the completeness check, with the decision period from complete documents', async () => {
    const caseId = await start();
    const submitted = await at(caseId, 'AwaitCompletenessCheck');
    expect(submitted.outcome.recognitionFileId).to.match(/^AN-/);
    // No decision period before the documents are complete; the body must confirm receipt
    // within a month (statutory, no legal effect).
    expect(submitted.deadlines.map((d) => [d.elementId, d.kind, d.authority])).to.deep.equal([
      ['ReceiptConfirmationElapsed', 'overdue', 'RECOGNITION'],
    ]);
    const receiptDue = dueOf(submitted, 'ReceiptConfirmationElapsed');
    expect(receiptDue - (await h.engineClock.now())).to.be.within(27 * DAY, 32 * DAY);
    expect(
      [...h.simulators.recognition.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      ),
    ).to.have.length(1);

    const before = await h.engineClock.now();
    expect(
      (await send(body, caseId, 'recognition-application-complete', { fileReference: 'AN-1' }))
        .status,
    ).to.equal(202);
    const assessing = await at(caseId, 'AwaitRecognitionDecision');
    const due = dueOf(assessing, 'DecisionPeriodElapsed');
    expect(due - before).to.be.within(89 * DAY, 92 * DAY + 60_000); // three months

    expect(
      (
        await send(body, caseId, 'recognition-decision', {
          result: 'EQUIVALENT',
          fileReference: 'AN-1',
        })
      ).status,
    ).to.equal(202);
    const done = await finished(caseId);
    expect(done.finalStage?.elementId).to.equal('Recognised');
    expect(done.outcome.decisionOverdue).to.equal(undefined);
  });

  it('asks the applicant for documents before completeness and forwards them (Nachforderung loop)', async () => {
    const caseId = await start();
    await at(caseId, 'AwaitCompletenessCheck');
    const missing = ['Fächer- und Notenübersicht', 'Nachweis Berufserfahrung'];
    expect(
      (
        await send(body, caseId, 'recognition-documents-requested', {
          missingDocuments: missing,
          answerWithin: 'P1M',
        })
      ).status,
    ).to.equal(202);
    const asked = await at(caseId, 'AwaitApplicantDocuments');
    expect(
      asked.currentStages.find((s) => s.elementId === 'AwaitApplicantDocuments')!.awaiting,
    ).to.equal('applicant');
    expect(
      (asked.outcome.nachforderung as { missingDocuments: string[] }).missingDocuments,
    ).to.deep.equal(missing);
    expect(asked.deadlines.map((d) => d.elementId)).to.deep.equal(['ApplicantDeadlineElapsed']);

    // Only the applicant can answer.
    expect(
      (await send(body, caseId, 'recognition-documents-provided', { documents: [{ name: 'x' }] }))
        .status,
    ).to.equal(403);
    const documents = [{ name: 'Fächerübersicht.pdf' }, { name: 'Arbeitszeugnis.pdf' }];
    expect(
      (await send(applicant, caseId, 'recognition-documents-provided', { documents })).status,
    ).to.equal(202);
    await at(caseId, 'AwaitCompletenessRecheck');
    const forwarded = [...h.simulators.recognition.effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId && e.path.endsWith('/documents'),
    );
    expect(forwarded).to.have.length(1);
    expect((forwarded[0]!.body as { documents: unknown }).documents).to.deep.equal(documents);

    await send(body, caseId, 'recognition-application-complete', { fileReference: 'AN-2' });
    await at(caseId, 'AwaitRecognitionDecision');
    await send(body, caseId, 'recognition-decision', {
      result: 'PARTIALLY_EQUIVALENT',
      fileReference: 'AN-2',
      compensationMeasure: 'Anpassungslehrgang 6 Monate',
    });
    const done = await finished(caseId);
    expect(done.finalStage?.elementId).to.equal('PartiallyRecognised');
    expect((done.outcome.recognitionDecision as { result: string }).result).to.equal(
      'PARTIALLY_EQUIVALENT',
    );
  });

  it('stops the decision period while waiting for the applicant and flags it when it is exceeded', async () => {
    const caseId = await start(true); // accelerated: two months
    await at(caseId, 'AwaitCompletenessCheck');
    await send(body, caseId, 'recognition-application-complete', { fileReference: 'AN-3' });
    const assessing = await at(caseId, 'AwaitRecognitionDecision');
    const t0 = await h.engineClock.now();
    const firstDue = dueOf(assessing, 'DecisionPeriodElapsed');
    expect(firstDue - t0).to.be.within(58 * DAY, 62 * DAY);

    await h.engineClock.advance(20 * DAY);
    await send(body, caseId, 'recognition-documents-requested', {
      missingDocuments: ['Übersetzung'],
      answerWithin: 'P3M',
    });
    const paused = await at(caseId, 'AwaitApplicantDocuments');
    expect(paused.deadlines.map((d) => d.elementId)).to.deep.equal(['ApplicantDeadlineElapsed']); // the period stopped

    await h.engineClock.advance(45 * DAY); // the applicant takes 45 days
    await send(applicant, caseId, 'recognition-documents-provided', {
      documents: [{ name: 'Übersetzung.pdf' }],
    });
    const resumed = await eventually(async () => {
      const s = await status(caseId);
      return s.currentStages.some((st) => st.elementId === 'AwaitRecognitionDecision') &&
        s.deadlines.length === 1
        ? s
        : undefined;
    }, 'assessment resumed');
    const leftBefore = firstDue - (t0 + 20 * DAY);
    const leftNow = dueOf(resumed, 'DecisionPeriodElapsed') - (await h.engineClock.now());
    // The 45 days with the applicant do not count: the time left is what was left.
    expect(Math.abs(leftNow - leftBefore)).to.be.below(2 * 60_000);

    await h.engineClock.advance(leftNow + 60_000);
    const overdue = await eventually(async () => {
      const s = await status(caseId);
      return s.outcome.decisionOverdue === true ? s : undefined;
    }, 'decision flagged overdue');
    expect(overdue.state).to.equal('ACTIVE'); // the applicant still gets a decision
    expect(overdue.currentStages.map((s) => s.elementId)).to.include('AwaitRecognitionDecision');

    await send(body, caseId, 'recognition-decision', {
      result: 'NOT_EQUIVALENT',
      fileReference: 'AN-3',
      substantialDifferences: ['Pflichtpraktikum fehlt'],
    });
    expect((await finished(caseId)).finalStage?.elementId).to.equal('NotRecognised');
  });

  it('ends when the applicant does not provide the documents in time', async () => {
    const caseId = await start();
    await at(caseId, 'AwaitCompletenessCheck');
    await send(body, caseId, 'recognition-documents-requested', {
      missingDocuments: ['Diplom'],
      answerWithin: 'P14D',
    });
    await at(caseId, 'AwaitApplicantDocuments');
    await h.engineClock.advance(14 * DAY + 60_000);
    const done = await finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ApplicationIncomplete');
    expect(
      (
        await send(applicant, caseId, 'recognition-documents-provided', {
          documents: [{ name: 'Diplom.pdf' }],
        })
      ).status,
    ).to.equal(409);
  });

  it('flags a receipt not confirmed within two weeks in the accelerated procedure, and keeps waiting', async () => {
    const caseId = await start(true);
    const submitted = await at(caseId, 'AwaitCompletenessCheck');
    const t0 = await h.engineClock.now();
    expect(dueOf(submitted, 'ReceiptConfirmationElapsed') - t0).to.be.within(13 * DAY, 15 * DAY);

    await h.engineClock.advance(15 * DAY);
    const overdue = await eventually(async () => {
      const s = await status(caseId);
      return s.outcome.receiptConfirmationOverdue === true ? s : undefined;
    }, 'receipt flagged overdue');
    expect(overdue.currentStages.map((s) => s.elementId)).to.include('AwaitCompletenessCheck');

    // The late confirmation still counts: the decision period starts from complete documents.
    await send(body, caseId, 'recognition-application-complete', { fileReference: 'AN-5' });
    const assessing = await at(caseId, 'AwaitRecognitionDecision');
    expect(assessing.deadlines.map((d) => d.elementId)).to.deep.equal(['DecisionPeriodElapsed']);
    expect(assessing.outcome.receiptConfirmationOverdue).to.equal(true);
  });

  it('extends the decision period once, with a notice to the applicant; a second extension is refused', async () => {
    const caseId = await start();
    await at(caseId, 'AwaitCompletenessCheck');
    await send(body, caseId, 'recognition-application-complete', { fileReference: 'AN-6' });
    const assessing = await at(caseId, 'AwaitRecognitionDecision');
    const firstDue = dueOf(assessing, 'DecisionPeriodElapsed');

    // Only the recognition body extends it, and only with a reason and a period.
    expect(
      (
        await send(applicant, caseId, 'recognition-decision-period-extended', {
          extendedBy: 'P1M',
          reason: 'x',
        })
      ).status,
    ).to.equal(403);
    const bad = await send(body, caseId, 'recognition-decision-period-extended', {
      extendedBy: 'P1Y',
    });
    expect(bad.status).to.equal(400);

    const reason = 'Gutachten der Zentralstelle für ausländisches Bildungswesen erforderlich';
    expect(
      (
        await send(body, caseId, 'recognition-decision-period-extended', {
          extendedBy: 'P1M',
          reason,
        })
      ).status,
    ).to.equal(202);
    const extended = await eventually(async () => {
      const s = await status(caseId);
      return s.outcome.decisionPeriodExtended === true &&
        s.currentStages.some((st) => st.elementId === 'AwaitRecognitionDecision') &&
        s.notices.some((n) => n.kind === 'RECOGNITION_PERIOD_EXTENDED')
        ? s
        : undefined;
    }, 'period extended and notice issued');
    const newDue = dueOf(extended, 'DecisionPeriodElapsed');
    expect(newDue - firstDue).to.be.within(28 * DAY, 31 * DAY + 60_000);
    const notice = extended.notices.find((n) => n.kind === 'RECOGNITION_PERIOD_EXTENDED')!;
    const text = await request(h.gatewayUrl)
      .get(notice.href)
      .set('authorization', `Bearer ${applicant}`)
      .set('accept-language', 'de');
    expect(text.status).to.equal(200);
    expect(JSON.stringify(text.body))
      .to.contain(reason)
      .and.to.contain(new Date(newDue).toISOString().slice(0, 10));

    const second = await send(body, caseId, 'recognition-decision-period-extended', {
      extendedBy: 'P1M',
      reason: 'noch einmal',
    });
    expect(second.status).to.equal(400);
    expect(JSON.stringify(second.body)).to.contain('extended once already');
    expect(dueOf(await status(caseId), 'DecisionPeriodElapsed')).to.equal(newDue);

    await send(body, caseId, 'recognition-decision', {
      result: 'EQUIVALENT',
      fileReference: 'AN-6',
    });
    expect((await finished(caseId)).finalStage?.elementId).to.equal('Recognised');
  });

  it('does not let an applicant name another portal account', async () => {
    const application = structuredClone(exampleApplication);
    application.applicant.applicantId = 'someone-else';
    const res = await request(h.gatewayUrl)
      .post('/api/v1/procedures/recognition/cases')
      .set('authorization', `Bearer ${applicant}`)
      .set('idempotency-key', newKey())
      .send(application);
    expect(res.status).to.equal(403);
  });
});
