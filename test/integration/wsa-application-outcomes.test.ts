import { expect } from 'chai';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { autoAnswer } from '../support/simulators.js';
import {
  ABH_CASEWORKER,
  APPLICANT,
  EMPLOYER,
  RECOGNITION_BODY,
  wsaApplication,
} from '../support/fixtures.js';

/**
 * The application chain's other endings, each driven by the partner simulators' configured
 * answers (auto-answer on): no skilled-worker route, partial equivalence, visa refused,
 * residence permit refused.
 */

describe('wsa-application: every ending of the chain', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  const partners = ['ba', 'bva', 'mission', 'recognition'] as const;

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
  });
  beforeEach(async () => {
    await autoAnswer(h.simulatorsUrl, partners, { enabled: true, delayMs: 0, outcome: null });
  });
  after(async () => {
    await autoAnswer(h.simulatorsUrl, partners, { enabled: false, outcome: null });
  });

  const application = wsaApplication;

  it('ends without any authority when there is no skilled-worker route', async () => {
    const caseId = await cases.start(
      'wsa-application',
      application((a) => {
        a.qualification.kind = 'NONE';
        a.documents = a.documents.filter((d) => d.type === 'PASSPORT');
      }),
    );
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('NoSkilledWorkerRoute');
    expect((done.outcome.legalRoute as { route: string }).route).to.equal(
      'NO_SKILLED_WORKER_ROUTE',
    );
    expect(done.history.map((e) => e.elementId)).to.not.include('SubmitZustimmungRequest');
  });

  it('goes into a §16d measure when the qualification is partially equivalent, and ends recognised after it', async () => {
    await autoAnswer(h.simulatorsUrl, ['recognition'], { outcome: 'PARTIALLY_EQUIVALENT' });
    const caseId = await cases.start(
      'wsa-application',
      application((a) => {
        a.qualification.kind = 'VOCATIONAL_TRAINING';
        a.qualification.recognition = 'NOT_ASSESSED';
        a.documents.push({ type: 'VOCATIONAL_CERTIFICATE', name: 'Diploma.pdf' });
      }),
    );
    await cases.at(caseId, 'AwaitMeasureChoice');
    const employer = await h.token(EMPLOYER);
    const chosen = await cases.send(employer, caseId, 'qualification-measure-chosen', {
      path: 'QUALIFICATION_MEASURE',
      predominantlyInCompany: false,
    });
    expect(chosen.status, JSON.stringify(chosen.body)).to.equal(202);
    await cases.at(caseId, 'AwaitRecognitionAfterMeasure');
    const decided = await cases.send(
      await h.token(RECOGNITION_BODY),
      caseId,
      'recognition-after-measure',
      { result: 'EQUIVALENT', fileReference: 'ANR-16D-1' },
    );
    expect(decided.status, JSON.stringify(decided.body)).to.equal(202);
    // The change of purpose into §18a: the residence permit inside the same case.
    await cases.at(caseId, 'AwaitChangeOfPurpose');
    const applied = await cases.send(employer, caseId, 'change-of-purpose-applied', {
      route: 'SKILLED_WORKER_VOCATIONAL_18A',
      abhCode: 'DE-SN-DRESDEN',
      travelDocument: { number: 'Z1234567', expiresOn: '2032-05-31' },
      employmentChanged: false,
    });
    expect(applied.status, JSON.stringify(applied.body)).to.equal(202);
    await cases.decide(await h.token(ABH_CASEWORKER), caseId, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-16D-2',
      validUntil: '2031-12-31',
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('RecognitionPartnershipOrMeasure');
    expect((done.outcome.permitDecision as { outcome: string }).outcome).to.equal('GRANTED');
    expect(done.outcome.zustimmungOutcome).to.equal('APPROVED');
    expect((done.outcome.recognitionDecision as { result: string }).result).to.equal('EQUIVALENT');
    const delivered = done.notices.map((n) => [n.kind, n.outcome]);
    expect(delivered.slice(0, 2)).to.have.deep.members([
      ['BA_APPROVAL_DECISION', 'APPROVED'],
      ['RECOGNITION_DECISION', 'PARTIALLY_EQUIVALENT'],
    ]);
    // (a Fiktionsbescheinigung between them where the person already holds a valid title)
    expect(delivered[2]).to.deep.equal(['RECOGNITION_DECISION', 'EQUIVALENT']);
    expect(delivered.at(-1)).to.deep.equal(['RESIDENCE_PERMIT_DECISION', 'GRANTED']);
  });

  it('ends as refused when the mission refuses the visa', async () => {
    await autoAnswer(h.simulatorsUrl, ['mission'], { outcome: 'REFUSED' });
    const caseId = await cases.start('wsa-application', application());
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('VisaRefused');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['BA_APPROVAL_DECISION', 'APPROVED'],
      ['VISA_DECISION', 'REFUSED'],
    ]);
  });

  it('ends as refused when the immigration office refuses the residence permit after arrival', async () => {
    const caseId = await cases.start('wsa-application', application());
    const withVisa = await cases.at(caseId, 'AwaitArrival');
    const applicant = await h.token(APPLICANT);
    const arrived = await cases.send(applicant, caseId, 'arrived-in-germany', {
      enteredOn: (withVisa.outcome.visaDecision as { validFrom: string }).validFrom,
      abhCode: 'DE-SN-DRESDEN',
      employmentChanged: false,
    });
    expect(arrived.status, JSON.stringify(arrived.body)).to.equal(202);
    await cases.at(caseId, 'DecideResidencePermit');
    const abh = await h.token(ABH_CASEWORKER);
    await cases.decide(abh, caseId, 'DecideResidencePermit', {
      outcome: 'REFUSED',
      abhReference: 'ABH-R',
      reason: 'Lebensunterhalt nicht gesichert (§5 Abs. 1 Nr. 1 AufenthG)',
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ResidencePermitRefused');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['BA_APPROVAL_DECISION', 'APPROVED'],
      ['VISA_DECISION', 'GRANTED'],
      ['FIKTIONSBESCHEINIGUNG', 'ISSUED'],
      ['RESIDENCE_PERMIT_DECISION', 'REFUSED'],
    ]);
    expect(done.outcome.eatOrderId ?? null, 'no eAT ordered').to.equal(null);
  });
});
