import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import familyExample from '../../processes/family-reunification/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import type { MyCase } from '../../gateway/use-cases/list-my-cases.js';
import { getHarness, type Harness } from '../support/harness.js';
import { throughVisa } from '../support/visa-steps.js';
import { CaseClient } from '../support/case-client.js';
import { ABH_CASEWORKER, APPLICANT, BVA, MISSION } from '../support/fixtures.js';

/**
 * Cases can be told apart (issue 16, domain 7): the status and the case lists name whom a case
 * is about, and a family case its skilled worker's case (`linkedCaseId`), to those who may see
 * it: names never to operators, the link only to the parties, the ABH and the mission. An
 * authority reads a case only once it takes part: the family case is read by the mission and
 * the BVA while the family member's visa runs in it.
 */
const OPERATOR: Principal = { subject: 'op-subject', role: 'operator' };

describe('case status and lists: whom a case is about, and its linked case', function () {
  this.timeout(60_000);
  let h: Harness;
  let cases: CaseClient;
  const t: Record<string, string> = {};
  let mainCase: string;
  let familyCase: string;
  let worker: typeof visaExample.applicant;
  const spouse = familyExample.familyMember.person;

  before(async () => {
    h = await getHarness();
    [t.applicant, t.abh, t.bva, t.mission, t.operator] = await Promise.all([
      h.token(APPLICANT),
      h.token(ABH_CASEWORKER),
      h.token(BVA),
      h.token(MISSION),
      h.token(OPERATOR),
    ]);
    cases = new CaseClient(h.gatewayUrl, t.applicant!);
    worker = {
      ...visaExample.applicant,
      applicantId: APPLICANT.subject,
      familyName: `Sharma-${randomUUID().slice(0, 8)}`,
    };
    mainCase = await cases.start('visa', { ...visaExample, applicant: worker });
    const tokens = { mission: t.mission!, bva: t.bva! };
    await throughVisa(cases, tokens, h.engineClock, mainCase, 'GRANTED');
    await cases.finished(mainCase);
    // The spouse enters together with the worker: admitted on the worker's visa.
    familyCase = await cases.start('family-reunification', {
      ...familyExample,
      mainCaseId: mainCase,
      applicant: worker,
      jointEntry: true,
    });
    await cases.decide(t.abh!, familyCase, 'DecideVisaConsent', {
      outcome: 'GRANTED',
      abhReference: 'ABH-FAM',
    });
    await cases.at(familyCase, 'AwaitApplicationLodged');
  });

  const status = async (token: string, caseId: string) => {
    const res = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${token}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as CaseStatus;
  };

  it('names the applicant in the status of their case, with no link', async () => {
    const s = await status(t.applicant!, mainCase);
    expect(s.subject).to.deep.equal({
      givenName: worker.givenName,
      familyName: worker.familyName,
    });
    expect(s.linkedCaseId).to.equal(null);
  });

  it('names the family member in the family case and links the skilled worker’s case', async () => {
    for (const token of [t.applicant!, t.abh!, t.mission!]) {
      const s = await status(token, familyCase);
      expect(s.subject).to.deep.equal({
        givenName: spouse.givenName,
        familyName: spouse.familyName,
      });
      expect(s.linkedCaseId).to.equal(mainCase);
    }
  });

  it('shows the BVA the name but not the link, and an operator neither', async () => {
    const bva = await status(t.bva!, familyCase);
    expect(bva.subject?.givenName).to.equal(spouse.givenName);
    expect(bva.linkedCaseId).to.equal(null);
    const operator = await status(t.operator!, familyCase);
    expect(operator.subject).to.equal(null);
    expect(operator.linkedCaseId).to.equal(null);
  });

  it('lists both cases with the person and the link', async () => {
    const res = await request(h.gatewayUrl)
      .get('/api/v1/cases')
      .set('authorization', `Bearer ${t.applicant}`);
    expect(res.status).to.equal(200);
    const mine = res.body.cases as MyCase[];
    const main = mine.find((c) => c.caseId === mainCase)!;
    const family = mine.find((c) => c.caseId === familyCase)!;
    expect(main).to.deep.include({
      subject: { givenName: worker.givenName, familyName: worker.familyName },
      linkedCaseId: null,
    });
    expect(family).to.deep.include({
      subject: { givenName: spouse.givenName, familyName: spouse.familyName },
      linkedCaseId: mainCase,
    });
  });
});
