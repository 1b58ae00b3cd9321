import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import { EvidenceStore, subjectKey } from '../../workers/evidence/evidence-store.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { autoAnswer } from '../support/simulators.js';
import {
  ABH_CASEWORKER,
  APPLICANT,
  BA_PARTNER,
  BVA,
  EMPLOYER,
  RECOGNITION_BODY,
  zustimmungApplication,
} from '../support/fixtures.js';

/**
 * Once-only facts (issue 16, domain 5): the BA approval, the recognition decision, the
 * pre-approval and the residence title are recorded as facts, each holding for a period from
 * the decision table once-only-facts (an end date the authority set shortens it); the title
 * and the BA decision are reported to the AZR once, also across retries; skipping the BVA
 * after entry is the table's value.
 */
const DAY = 24 * 60 * 60 * 1000;
type Person = { givenName: string; familyName: string; dateOfBirth: string; nationality: string };

describe('once-only facts: recorded with their validity, reported to the AZR', function () {
  this.timeout(120_000);
  let h: Harness;
  let evidence: EvidenceStore;
  let employerCases: CaseClient;
  let applicantCases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    evidence = new EvidenceStore(h.pool);
    [t.employer, t.applicant, t.ba, t.abh, t.bva, t.recognition] = await Promise.all([
      h.token(EMPLOYER),
      h.token(APPLICANT),
      h.token(BA_PARTNER),
      h.token(ABH_CASEWORKER),
      h.token(BVA),
      h.token(RECOGNITION_BODY),
    ]);
    employerCases = new CaseClient(h.gatewayUrl, t.employer!);
    applicantCases = new CaseClient(h.gatewayUrl, t.applicant!);
  });

  const someone = <P extends Person>(p: P): P => ({
    ...p,
    familyName: `Sharma-${randomUUID().slice(0, 8)}`,
  });
  const fact = async (person: Person, name: string) =>
    (await evidence.lookUp(subjectKey(person), [name], new Date(await h.engineClock.now())))[name]!;
  /** Days between the engine's now and a fact's end. */
  const daysLeft = async (validUntil: string) =>
    (Date.parse(validUntil) - (await h.engineClock.now())) / DAY;
  const azrReports = (caseId: string, event: string) =>
    [...h.simulators.azr.effects.values()].filter(
      (e) =>
        (e.body as { caseId: string; event: string }).caseId === caseId &&
        (e.body as { event: string }).event === event,
    );

  it('records the BA approval for four years and reports it to the AZR once, through an outage', async () => {
    const body = zustimmungApplication();
    body.applicant = someone(body.applicant);
    const caseId = await employerCases.start('ba-approval', body);
    await employerCases.at(caseId, 'AwaitBaDecision');
    h.simulators.azr.config.failNext = 2;
    await employerCases.send(t.ba!, caseId, 'ba-zustimmung-decision', {
      outcome: 'APPROVED',
      baReference: 'BA-FACT-1',
    });
    const done = await employerCases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ZustimmungGranted');
    expect(h.simulators.azr.config.failNext).to.equal(0);

    const recorded = await fact(body.applicant, 'BA_APPROVAL');
    expect(recorded).to.include({
      result: 'APPROVED',
      authority: 'BA',
      basis: 'BA-FACT-1',
      caseId,
      valid: true,
    });
    expect(await daysLeft(recorded.validUntil)).to.be.within(1460, 1461.1);

    const reports = azrReports(caseId, 'BA_DECISION');
    expect(reports, 'one AZR report across the retries').to.have.length(1);
    expect(reports[0]!.body).to.deep.include({
      decision: { authority: 'BA', outcome: 'APPROVED', reference: 'BA-FACT-1' },
    });
  });

  it('records and reports the deemed approval too (§36 (2) BeschV)', async () => {
    const body = zustimmungApplication();
    body.applicant = someone(body.applicant);
    const caseId = await employerCases.start('ba-approval', body);
    await employerCases.at(caseId, 'AwaitBaDecision');
    await h.engineClock.advance(14 * DAY + 60_000);
    const done = await employerCases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ZustimmungDeemedGranted');
    expect(await fact(body.applicant, 'BA_APPROVAL')).to.include({
      result: 'DEEMED_APPROVED',
      basis: '§36 (2) BeschV',
    });
    expect(azrReports(caseId, 'BA_DECISION')).to.have.length(1);
  });

  it('records the recognition decision without end, and the pre-approval until the office’s date', async () => {
    await autoAnswer(h.simulatorsUrl, ['ba', 'bva', 'mission', 'recognition'], {
      enabled: true,
      delayMs: 0,
      outcome: null,
    });
    try {
      const a = structuredClone(wsaExample);
      a.employer.employerId = EMPLOYER.organisation!;
      a.applicant = someone({ ...a.applicant, applicantId: APPLICANT.subject });
      a.accelerated = true;
      a.qualification.kind = 'VOCATIONAL_TRAINING';
      a.qualification.recognition = 'NOT_ASSESSED';
      a.documents.push({ type: 'VOCATIONAL_CERTIFICATE', name: 'Diploma.pdf' });
      const caseId = await employerCases.start('wsa-application', {
        ...a,
        powerOfAttorney: {
          grantedOn: '2026-11-02',
          documentReference: 'Vollmacht.pdf',
          scope: 'ACCELERATED_PROCEDURE_81A',
        },
      });
      const preApprovalEnd = new Date((await h.engineClock.now()) + 30 * DAY)
        .toISOString()
        .slice(0, 10);
      await employerCases.decide(t.abh!, caseId, 'DecideVorabzustimmung', {
        outcome: 'GRANTED',
        abhReference: 'ZABH-FACT',
        validUntil: preApprovalEnd,
      });
      await employerCases.until(caseId, 'pre-approval recorded', (s) =>
        s.history.some((e) => e.elementId === 'RecordPreApproval' && e.event === 'completed'),
      );
      const recognition = await fact(a.applicant, 'RECOGNITION');
      expect(recognition).to.include({ result: 'EQUIVALENT', authority: 'RECOGNITION' });
      expect(await daysLeft(recognition.validUntil)).to.be.above(36_000);
      const preApproval = await fact(a.applicant, 'PRE_APPROVAL');
      expect(preApproval).to.include({ result: 'GRANTED', basis: 'ZABH-FACT', valid: true });
      expect(preApproval.validUntil.slice(0, 10)).to.equal(preApprovalEnd);
    } finally {
      await autoAnswer(h.simulatorsUrl, ['ba', 'bva', 'mission', 'recognition'], {
        enabled: false,
        outcome: null,
      });
    }
  });

  it('records the residence title until its end and reports it to the AZR once', async () => {
    const applicant = someone({ ...rpExample.applicant, applicantId: APPLICANT.subject });
    const caseId = await applicantCases.start('residence-permit', {
      ...rpExample,
      applicant,
      route: 'BLUE_CARD_18G',
    });
    await applicantCases.at(caseId, 'AwaitSecurityResult');
    await applicantCases.send(t.bva!, caseId, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'BVA-T',
    });
    const end = new Date((await h.engineClock.now()) + 700 * DAY).toISOString().slice(0, 10);
    await applicantCases.decide(t.abh!, caseId, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-TITLE',
      validUntil: end,
    });
    expect((await applicantCases.finished(caseId)).finalStage?.elementId).to.equal('PermitGranted');
    const title = await fact(applicant, 'RESIDENCE_TITLE');
    expect(title).to.include({
      result: 'EU_BLUE_CARD',
      authority: 'ABH',
      basis: 'ABH-TITLE',
      valid: true,
    });
    expect(title.validUntil.slice(0, 10)).to.equal(end);
    const reports = azrReports(caseId, 'RESIDENCE_TITLE_GRANTED');
    expect(reports).to.have.length(1);
    expect(reports[0]!.body).to.deep.include({
      decision: {
        authority: 'ABH',
        outcome: 'GRANTED',
        reference: 'ABH-TITLE',
        titleKind: 'EU_BLUE_CARD',
        basis: '§18g AufenthG',
        validUntil: end,
      },
    });
    // The security check recorded here holds for the table's period.
    const security = await fact(applicant, 'SECURITY_CHECK');
    expect(await daysLeft(security.validUntil)).to.be.within(364, 365.1);
  });
});
