import { visaValidity } from '../support/engine-clock.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import familyExample from '../../processes/family-reunification/examples/application.json' with { type: 'json' };
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, BA_PARTNER, BVA, EMPLOYER, MISSION } from '../support/fixtures.js';

/**
 * A Blue Card skilled worker with spouse and child, from the application to three residence
 * permits: application chain (route, BA approval, visa), family reunification for spouse and
 * child (linked, reusing the worker's visa), and residence permits that reuse every security
 * check already done. Every partner is a simulator; every decision a message through the API.
 */
const ABH: Principal = { subject: 'abh-dresden', role: 'caseworker', authority: 'ABH' };

describe('full chain: Blue Card worker with spouse and child, application to residence permits', function () {
  this.timeout(120_000);
  let h: Harness;
  let employerCases: CaseClient;
  let applicantCases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    for (const [name, p] of Object.entries({
      employer: EMPLOYER,
      applicant: APPLICANT,
      ba: BA_PARTNER,
      mission: MISSION,
      bva: BVA,
      abh: ABH,
    }))
      t[name] = await h.token(p);
    employerCases = new CaseClient(h.gatewayUrl, t.employer!);
    applicantCases = new CaseClient(h.gatewayUrl, t.applicant!);
  });

  async function send(
    cases: CaseClient,
    who: string,
    caseId: string,
    message: string,
    payload: object,
  ) {
    const res = await cases.send(t[who]!, caseId, message, payload);
    expect(res.status, `${message}: ${JSON.stringify(res.body)}`).to.equal(202);
  }

  async function visaSteps(cases: CaseClient, caseId: string, bvaReference: string) {
    await cases.at(caseId, 'AwaitApplicationLodged');
    await send(cases, 'mission', caseId, 'visa-application-lodged', {
      missionReference: `NDL-${bvaReference}`,
      biometricsCaptured: true,
    });
    await cases.at(caseId, 'AwaitSecurityResult');
    await send(cases, 'bva', caseId, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference,
    });
    await cases.at(caseId, 'AwaitVisaDecision');
    await send(cases, 'mission', caseId, 'visa-decision', {
      outcome: 'GRANTED',
      missionReference: `NDL-${bvaReference}`,
      ...(await visaValidity(h.engineClock)),
    });
  }

  async function residencePermit(person: object, travelDocument: object, expectedBasis: string) {
    const caseId = await applicantCases.start('residence-permit', {
      ...rpExample,
      applicant: person,
      travelDocument,
    });
    await applicantCases.at(caseId, 'DecideResidencePermit');
    // Nothing asked again: the BVA check of this person's visa is reused (the immigration
    // office sees the evidence; the applicant does not).
    const waiting = await new CaseClient(h.gatewayUrl, t.abh!).status(caseId);
    expect(
      (waiting.outcome.evidence as Record<string, { basis: string }>).SECURITY_CHECK!.basis,
    ).to.equal(expectedBasis);
    expect(
      [...h.simulators.bva.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === caseId,
      ),
    ).to.have.length(0);
    await applicantCases.decide(t.abh!, caseId, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: `ABH-${randomUUID().slice(0, 6)}`,
      validUntil: '2030-12-31',
    });
    const done = await applicantCases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('PermitGranted');
    return done;
  }

  it('runs the whole chain for the family', async () => {
    const suffix = randomUUID().slice(0, 8);
    const worker = {
      ...wsaExample.applicant,
      applicantId: APPLICANT.subject,
      familyName: `Sharma-${suffix}`,
    };
    const spouse = { ...familyExample.familyMember.person, familyName: `Sharma-${suffix}` };
    const child = {
      givenName: 'Anaya',
      familyName: `Sharma-${suffix}`,
      dateOfBirth: '2019-05-20',
      nationality: 'IND',
    };

    // 1. The employer applies: Blue Card (shortage occupation) with BA approval, then the visa.
    const application = structuredClone(wsaExample);
    Object.assign(application, { applicant: worker });
    application.employer.employerId = EMPLOYER.organisation!;
    const mainCase = await employerCases.start('wsa-application', application);
    await employerCases.at(mainCase, 'AwaitBaDecision');
    await send(employerCases, 'ba', mainCase, 'ba-zustimmung-decision', {
      outcome: 'APPROVED',
      baReference: `BA-${suffix}`,
    });
    await visaSteps(employerCases, mainCase, `BVA-W-${suffix}`);
    const withVisa = await employerCases.at(mainCase, 'AwaitArrival');
    expect((withVisa.outcome.legalRoute as { route: string }).route).to.equal('BLUE_CARD_18G');

    // 2. Spouse and child follow, linked to the worker's case, each with their own visa.
    for (const [member, relationship, document] of [
      [spouse, 'SPOUSE', 'S1234567'],
      [child, 'CHILD', 'C1234567'],
    ] as const) {
      const familyCase = await applicantCases.start('family-reunification', {
        ...familyExample,
        mainCaseId: mainCase,
        applicant: worker,
        familyMember: { relationship, person: member },
        travelDocument: { number: document, expiresOn: '2031-09-30' },
        jointEntry: true, // entering with the worker: the worker's valid visa admits them
      });
      // Not the accelerated procedure: the immigration office consents (§31 AufenthV).
      await new CaseClient(h.gatewayUrl, t.abh!).decide(t.abh!, familyCase, 'DecideVisaConsent', {
        outcome: 'GRANTED',
        abhReference: `ABH-F-${relationship}`,
      });
      await visaSteps(applicantCases, familyCase, `BVA-${relationship}-${suffix}`);
      expect((await applicantCases.finished(familyCase)).finalStage?.elementId).to.equal(
        'FamilyVisaGranted',
      );
    }

    // 3. After entry: the worker's residence permit inside the application case, the family's
    //    as their own applications; none asks the BVA again.
    await send(applicantCases, 'applicant', mainCase, 'arrived-in-germany', {
      enteredOn: (withVisa.outcome.visaDecision as { validFrom: string }).validFrom,
      abhCode: rpExample.abhCode,
      employmentChanged: false,
    });
    await employerCases.at(mainCase, 'DecideResidencePermit');
    // The evidence is the authorities' (data minimisation): the immigration office sees it.
    const atAbh = await new CaseClient(h.gatewayUrl, t.abh!).status(mainCase);
    expect(
      (atAbh.outcome.evidence as Record<string, { basis: string }>).SECURITY_CHECK!.basis,
    ).to.equal(`BVA-W-${suffix}`);
    await employerCases.decide(t.abh!, mainCase, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: `ABH-W-${suffix}`,
      validUntil: '2030-12-31',
    });
    const main = await employerCases.finished(mainCase);
    expect(main.finalStage?.elementId).to.equal('ResidencePermitGranted');
    // Data minimisation: the mission sees its visa and nothing after entry, the BA its approval.
    const missionView = await new CaseClient(h.gatewayUrl, t.mission!).status(mainCase);
    const missionSteps = missionView.history.map((e) => e.elementId);
    expect(missionSteps).to.include('AwaitVisaDecision');
    for (const after of ['AwaitArrival', 'DecideResidencePermit', 'ResidencePermitGranted'])
      expect(missionSteps, 'the mission sees nothing after entry').to.not.include(after);
    expect(missionView.finalStage).to.equal(null);
    const baSteps = (await new CaseClient(h.gatewayUrl, t.ba!).status(mainCase)).history.map(
      (e) => e.elementId,
    );
    expect(baSteps).to.include('AwaitBaDecision');
    for (const other of ['AwaitVisaDecision', 'AwaitArrival', 'DecideResidencePermit'])
      expect(baSteps, 'the BA sees only its approval').to.not.include(other);
    expect(
      [...h.simulators.bva.effects.values()].filter(
        (e) => (e.body as { caseId: string }).caseId === mainCase,
      ),
      'one BVA consultation for the worker',
    ).to.have.length(1);
    await residencePermit(
      spouse,
      { number: 'S1234567', expiresOn: '2031-09-30' },
      `BVA-SPOUSE-${suffix}`,
    );
    await residencePermit(
      child,
      { number: 'C1234567', expiresOn: '2031-09-30' },
      `BVA-CHILD-${suffix}`,
    );
  });
});
