import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import baExample from '../../processes/ba-approval/examples/application.json' with { type: 'json' };
import familyExample from '../../processes/family-reunification/examples/application.json' with { type: 'json' };
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { autoAnswer } from '../support/simulators.js';
import { throughVisa as visaSteps } from '../support/visa-steps.js';
import { visaValidity } from '../support/engine-clock.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import {
  ABH_CASEWORKER,
  APPLICANT,
  BVA,
  EMPLOYER,
  MISSION,
  OTHER_EMPLOYER,
  newKey,
} from '../support/fixtures.js';

/**
 * Family reunification: linked to the skilled worker's case, reusing what was verified about
 * them (their visa), with the family member's own visa as a called procedure.
 */
describe('family reunification: linked to the main applicant, reusing their verified facts', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    [t.applicant, t.mission, t.bva, t.abh, t.employer] = await Promise.all([
      h.token(APPLICANT),
      h.token(MISSION),
      h.token(BVA),
      h.token(ABH_CASEWORKER),
      h.token(EMPLOYER),
    ]);
    cases = new CaseClient(h.gatewayUrl, t.applicant!);
  });

  const mainApplicant = () => ({
    ...visaExample.applicant,
    applicantId: APPLICANT.subject,
    familyName: `Sharma-${randomUUID().slice(0, 8)}`,
  });

  /** Runs a visa procedure to its decision (the main applicant's, or a family member's inside the linked case). */
  const throughVisa = (caseId: string, outcome: 'GRANTED' | 'REFUSED', validForDays?: number) =>
    visaSteps(
      cases,
      { mission: t.mission!, bva: t.bva! },
      h.engineClock,
      caseId,
      outcome,
      validForDays,
    );

  /** The immigration office consents to the family member's visa (§31 (1) AufenthV). */
  async function consent(caseId: string, outcome: 'GRANTED' | 'REFUSED' = 'GRANTED') {
    await cases.decide(t.abh!, caseId, 'DecideVisaConsent', {
      outcome,
      abhReference: 'ABH-FAM',
      ...(outcome === 'REFUSED'
        ? { reason: 'Wohnraum nicht ausreichend (§29 Abs. 1 AufenthG)' }
        : {}),
    });
  }

  it('lets the spouse enter together with the skilled worker on the worker’s valid visa', async () => {
    const applicant = mainApplicant();
    const mainCase = await cases.start('visa', { ...visaExample, applicant });
    await throughVisa(mainCase, 'GRANTED');
    expect((await cases.finished(mainCase)).finalStage?.elementId).to.equal('VisaGranted');

    const familyCase = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: mainCase,
      applicant,
      jointEntry: true,
    });
    await consent(familyCase);
    await throughVisa(familyCase, 'GRANTED');
    const done = await cases.finished(familyCase);
    expect(done.finalStage?.elementId).to.equal('FamilyVisaGranted');
    // The family member's visa ran for the spouse under §30, and the mission got the spouse's data.
    const spouseAppointment = [...h.simulators.mission.effects.values()].find(
      (e) => (e.body as { caseId: string }).caseId === familyCase,
    );
    expect(
      (spouseAppointment!.body as { applicant: { givenName: string } }).applicant.givenName,
    ).to.equal('Arjun');
    expect(done.history.map((e) => e.elementId)).to.include.members([
      'LookUpMainApplicantFacts',
      'AwaitApplicationLodged',
      'VisaGranted',
      'FamilyVisaGranted',
    ]);
  });

  it('ends as refused when the mission refuses the family member’s visa', async () => {
    const applicant = mainApplicant();
    const mainCase = await cases.start('visa', { ...visaExample, applicant });
    await throughVisa(mainCase, 'GRANTED');
    await cases.finished(mainCase);
    const familyCase = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: mainCase,
      applicant,
      jointEntry: true,
    });
    await consent(familyCase);
    await throughVisa(familyCase, 'REFUSED');
    const done = await cases.finished(familyCase);
    expect(done.finalStage?.elementId).to.equal('FamilyVisaRefused');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['VISA_DECISION', 'REFUSED'],
    ]);
  });

  it('ends when the skilled worker has no visa yet', async () => {
    const applicant = mainApplicant();
    const mainCase = await cases.start('visa', { ...visaExample, applicant });
    await cases.at(mainCase, 'AwaitApplicationLodged');
    const familyCase = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: mainCase,
      applicant,
      familyMember: { ...familyExample.familyMember, relationship: 'CHILD' },
    });
    expect((await cases.finished(familyCase)).finalStage?.elementId).to.equal(
      'MainApplicantNotYetAdmitted',
    );
  });

  it('does not admit on a visa alone when the family member follows later: the worker needs a residence title', async () => {
    const applicant = mainApplicant();
    const mainCase = await cases.start('visa', { ...visaExample, applicant });
    await throughVisa(mainCase, 'GRANTED');
    await cases.finished(mainCase);
    const familyCase = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: mainCase,
      applicant,
    });
    expect((await cases.finished(familyCase)).finalStage?.elementId).to.equal(
      'MainApplicantNotYetAdmitted',
    );
  });

  it('does not count a visa that has expired, even for joint entry', async () => {
    const applicant = mainApplicant();
    const mainCase = await cases.start('visa', { ...visaExample, applicant });
    await throughVisa(mainCase, 'GRANTED', 10);
    await cases.finished(mainCase);
    await h.engineClock.advance(12 * 24 * 60 * 60 * 1000);
    const familyCase = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: mainCase,
      applicant,
      jointEntry: true,
    });
    expect((await cases.finished(familyCase)).finalStage?.elementId).to.equal(
      'MainApplicantNotYetAdmitted',
    );
  });

  it('admits once the worker holds a residence title; the immigration office may refuse its consent', async () => {
    const applicant = mainApplicant();
    const permitCase = await cases.start('residence-permit', {
      ...rpExample,
      applicant: { ...rpExample.applicant, ...applicant },
    });
    await cases.at(permitCase, 'AwaitSecurityResult');
    await cases.send(t.bva!, permitCase, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'BVA-T',
    });
    await cases.decide(t.abh!, permitCase, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-T',
      // Valid well beyond the engine's now (tests move its clock by months).
      validUntil: (await visaValidity(h.engineClock)).validUntil,
    });
    await cases.finished(permitCase);

    const admitted = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: permitCase,
      applicant,
    });
    const asked = await cases.at(admitted, 'DecideVisaConsent');
    expect(asked.currentStages[0]!.awaiting).to.equal('ABH');
    await consent(admitted);
    await cases.at(admitted, 'AwaitApplicationLodged');

    const refused = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: permitCase,
      applicant,
      familyMember: { ...familyExample.familyMember, relationship: 'CHILD' },
    });
    await consent(refused, 'REFUSED');
    const done = await cases.finished(refused);
    expect(done.finalStage?.elementId).to.equal('FamilyVisaConsentRefused');
    expect(done.notices.map((n) => [n.kind, n.authority, n.outcome])).to.deep.equal([
      ['APPLICATION_CLOSED', 'ABH', 'ABH_CONSENT_REFUSED'],
    ]);
  });

  it('puts the family of an accelerated case in the accelerated procedure, arranged by the employer', async () => {
    await autoAnswer(h.simulatorsUrl, ['ba', 'bva', 'mission', 'recognition'], {
      enabled: true,
      delayMs: 0,
      outcome: null,
    });
    try {
      const employerCases = new CaseClient(h.gatewayUrl, t.employer!);
      const a = structuredClone(wsaExample);
      a.employer.employerId = EMPLOYER.organisation!;
      a.applicant = { ...mainApplicant(), applicantId: APPLICANT.subject };
      a.accelerated = true;
      a.jobOffer.grossAnnualSalaryEur = 60000; // Blue Card without BA approval
      const mainCase = await employerCases.start('wsa-application', {
        ...a,
        powerOfAttorney: {
          grantedOn: '2026-11-02',
          documentReference: 'Vollmacht.pdf',
          scope: 'ACCELERATED_PROCEDURE_81A',
        },
      });
      await employerCases.decide(t.abh!, mainCase, 'DecideVorabzustimmung', {
        outcome: 'GRANTED',
        abhReference: 'ZABH-FAM',
        validUntil: new Date((await h.engineClock.now()) + 90 * 24 * 60 * 60 * 1000)
          .toISOString()
          .slice(0, 10),
      });
      await employerCases.at(mainCase, 'AwaitArrival');

      // The employer arranges the spouse's case for its skilled worker.
      const familyCase = await employerCases.start('family-reunification', {
        ...familyExample,
        mainCaseId: mainCase,
        applicant: a.applicant,
        jointEntry: true,
      });
      const s = await employerCases.until(familyCase, "the spouse's visa under way", (st) =>
        st.history.some((e) => e.elementId === 'BookAppointment'),
      );
      // Accelerated: no separate consent, and the visa runs on the §31a AufenthV deadlines.
      expect(s.history.map((e) => e.elementId)).to.not.include('DecideVisaConsent');
      expect((s.outcome.visaDeadlines as { basis: string }).basis).to.equal('§31a AufenthV');
      // The employer sees the case it arranged among its cases, linked to the worker's.
      const listed = await request(h.gatewayUrl)
        .get('/api/v1/cases')
        .set('authorization', `Bearer ${t.employer}`);
      expect(listed.status).to.equal(200);
      expect(
        (listed.body.cases as { caseId: string; linkedCaseId: string | null }[]).find(
          (c) => c.caseId === familyCase,
        )?.linkedCaseId,
      ).to.equal(mainCase);
      // Another employer may neither refer to the worker's case nor see the family's.
      const other = await request(h.gatewayUrl)
        .post('/api/v1/procedures/family-reunification/cases')
        .set('authorization', `Bearer ${await h.token(OTHER_EMPLOYER)}`)
        .set('idempotency-key', newKey())
        .send({ ...familyExample, mainCaseId: mainCase, applicant: a.applicant });
      expect(other.status).to.equal(400);
    } finally {
      await autoAnswer(h.simulatorsUrl, ['ba', 'bva', 'mission', 'recognition'], {
        enabled: false,
        outcome: null,
      });
    }
  });

  it('refuses a link to a case the caller may not see (400 names the field)', async () => {
    const otherEmployer = new CaseClient(h.gatewayUrl, await h.token(OTHER_EMPLOYER));
    const hidden = await otherEmployer.start('ba-approval', {
      ...baExample,
      employer: { employerId: OTHER_EMPLOYER.organisation!, name: 'Andere GmbH' },
    });
    const refused = await request(h.gatewayUrl)
      .post('/api/v1/procedures/family-reunification/cases')
      .set('authorization', `Bearer ${t.applicant}`)
      .set('idempotency-key', newKey())
      .send({ ...familyExample, mainCaseId: hidden, applicant: mainApplicant() });
    expect(refused.status).to.equal(400);
    expect(refused.body.errors).to.deep.equal([{ field: '/mainCaseId', reason: 'no such case' }]);
  });
});
