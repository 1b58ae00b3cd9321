import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, newKey, zustimmungApplication } from '../support/fixtures.js';

/** Once-only: what a person gave in their first application is not asked again. */
describe('once-only profile: the same person and data are never asked twice', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async () => {
    h = await getHarness();
  });

  it('fills the next application from the first one, and says what it keeps', async () => {
    const person: Principal = {
      subject: `applicant-${randomUUID().slice(0, 8)}`,
      role: 'applicant',
    };
    const token = await h.token(person);
    const cases = new CaseClient(h.gatewayUrl, token);
    const profileOf = () =>
      request(h.gatewayUrl).get('/api/v1/profile').set('authorization', `Bearer ${token}`);
    expect((await profileOf()).status).to.equal(404);

    const visa = structuredClone(visaExample);
    visa.applicant = { ...visa.applicant, applicantId: person.subject, familyName: 'Okafor' };
    const first = await cases.start('visa', visa);
    const profile = await profileOf();
    expect(profile.status).to.equal(200);
    expect(profile.body.person).to.include({
      familyName: 'Okafor',
      givenName: visa.applicant.givenName,
    });
    expect(profile.body.travelDocument).to.deep.equal(visa.travelDocument);
    expect(profile.body.fromCaseId).to.equal(first);

    // After entry: the residence permit application names only what is new.
    const { applicant: _a, travelDocument: _t, ...onlyNew } = rpExample;
    const second = await cases.start('residence-permit', onlyNew);
    await cases.at(second, 'AwaitSecurityResult');
    const azrReport = [...h.simulators.azr.effects.values()].find(
      (e) => (e.body as { caseId: string }).caseId === second,
    );
    expect(JSON.stringify(azrReport!.body)).to.include('Okafor');

    // Without a profile, the data is required as documented.
    const stranger = await h.token({
      subject: `applicant-${randomUUID().slice(0, 8)}`,
      role: 'applicant',
    });
    const refused = await request(h.gatewayUrl)
      .post('/api/v1/procedures/residence-permit/cases')
      .set('authorization', `Bearer ${stranger}`)
      .set('idempotency-key', `once-${randomUUID()}`)
      .send(onlyNew);
    expect(refused.status).to.equal(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).to.include.members([
      '/applicant',
      '/travelDocument',
    ]);
  });

  it("never takes a person's profile from a party they did not grant", async () => {
    const person: Principal = {
      subject: `applicant-${randomUUID().slice(0, 8)}`,
      role: 'applicant',
    };
    const token = await h.token(person);
    const employer = await h.token(EMPLOYER);
    const profileOf = () =>
      request(h.gatewayUrl).get('/api/v1/profile').set('authorization', `Bearer ${token}`);
    const startAsEmployer = (familyName: string) => {
      const body = zustimmungApplication();
      body.applicant = { ...body.applicant, applicantId: person.subject, familyName };
      return request(h.gatewayUrl)
        .post('/api/v1/procedures/ba-approval/cases')
        .set('authorization', `Bearer ${employer}`)
        .set('idempotency-key', newKey())
        .send(body);
    };

    // An employer names the person's account: the case is started, the profile is not written.
    expect((await startAsEmployer('Attacker')).status).to.equal(201);
    expect((await profileOf()).status).to.equal(404);
    // So nothing of it fills the person's own application.
    const { applicant: _a, travelDocument: _t, ...onlyNew } = rpExample;
    const prefilled = await request(h.gatewayUrl)
      .post('/api/v1/procedures/residence-permit/cases')
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', `once-${randomUUID()}`)
      .send(onlyNew);
    expect(prefilled.status).to.equal(400);

    // Once the person grants the employer's organisation, its application keeps their data.
    const granted = await request(h.gatewayUrl)
      .post('/api/v1/grants')
      .set('authorization', `Bearer ${token}`)
      .send({ role: 'employer', grantee: EMPLOYER.organisation });
    expect(granted.status, JSON.stringify(granted.body)).to.equal(201);
    expect((await startAsEmployer('Okonkwo')).status).to.equal(201);
    const profile = await profileOf();
    expect(profile.status).to.equal(200);
    expect(profile.body.person.familyName).to.equal('Okonkwo');
  });
});
