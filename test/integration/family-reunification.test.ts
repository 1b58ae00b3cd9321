import { visaValidity } from '../support/engine-clock.js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import baExample from '../../processes/ba-approval/examples/application.json' with { type: 'json' };
import familyExample from '../../processes/family-reunification/examples/application.json' with { type: 'json' };
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, BVA, MISSION, OTHER_EMPLOYER, newKey } from '../support/fixtures.js';

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
    [t.applicant, t.mission, t.bva] = await Promise.all([
      h.token(APPLICANT),
      h.token(MISSION),
      h.token(BVA),
    ]);
    cases = new CaseClient(h.gatewayUrl, t.applicant!);
  });

  const mainApplicant = () => ({
    ...visaExample.applicant,
    applicantId: APPLICANT.subject,
    familyName: `Sharma-${randomUUID().slice(0, 8)}`,
  });

  /** Runs a visa procedure to its decision (the main applicant's, or a family member's inside the linked case). */
  async function throughVisa(caseId: string, outcome: 'GRANTED' | 'REFUSED') {
    await cases.at(caseId, 'AwaitApplicationLodged');
    expect(
      (
        await cases.send(t.mission!, caseId, 'visa-application-lodged', {
          missionReference: 'NDL-F',
          biometricsCaptured: true,
        })
      ).status,
    ).to.equal(202);
    await cases.at(caseId, 'AwaitSecurityResult');
    expect(
      (
        await cases.send(t.bva!, caseId, 'bva-security-result', {
          result: 'NO_CONCERNS',
          bvaReference: 'BVA-F',
        })
      ).status,
    ).to.equal(202);
    await cases.at(caseId, 'AwaitVisaDecision');
    expect(
      (
        await cases.send(t.mission!, caseId, 'visa-decision', {
          outcome,
          missionReference: `NDL-${randomUUID().slice(0, 6)}`,
          ...(outcome === 'GRANTED' ? await visaValidity(h.engineClock) : {}),
        })
      ).status,
    ).to.equal(202);
  }

  it('lets the spouse follow once the skilled worker has the visa', async () => {
    const applicant = mainApplicant();
    const mainCase = await cases.start('visa', { ...visaExample, applicant });
    await throughVisa(mainCase, 'GRANTED');
    expect((await cases.finished(mainCase)).finalStage?.elementId).to.equal('VisaGranted');

    const familyCase = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: mainCase,
      applicant,
    });
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
    });
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
