import { expect } from 'chai';
import request from 'supertest';
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { randomUUID } from 'node:crypto';
import { APPLICANT, newKey, zustimmungApplication } from '../support/fixtures.js';

/** The applicant decides who else sees their case: agents and employers they granted. */
const AGENT: Principal = { subject: 'agent-7', role: 'agent' };
const NEW_EMPLOYER: Principal = { subject: 'hr-9', role: 'employer', organisation: '55555555' };

describe('grants: applicants let agents and employers see their case', function () {
  this.timeout(60_000);
  let h: Harness;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    t.applicant = await h.token(APPLICANT);
    t.agent = await h.token(AGENT);
    t.employer = await h.token(NEW_EMPLOYER);
  });

  const api = () => request(h.gatewayUrl);
  const statusAs = (token: string, caseId: string) =>
    api().get(`/api/v1/cases/${caseId}`).set('authorization', `Bearer ${token}`);

  it('shows the case to whom the applicant granted it, until revoked', async () => {
    const application = structuredClone(visaExample);
    application.applicant.applicantId = APPLICANT.subject;
    const caseId = await new CaseClient(h.gatewayUrl, t.applicant!).start('visa', application);
    expect((await statusAs(t.agent!, caseId)).status).to.equal(404);

    const grant = (token: string, body: object) =>
      api()
        .post(`/api/v1/cases/${caseId}/grants`)
        .set('authorization', `Bearer ${token}`)
        .send(body);
    const toAgent = await grant(t.applicant!, { role: 'agent', grantee: AGENT.subject });
    expect(toAgent.status, JSON.stringify(toAgent.body)).to.equal(201);
    expect((await grant(t.applicant!, { role: 'agent', grantee: AGENT.subject })).status).to.equal(
      200,
    );
    expect(
      (await grant(t.applicant!, { role: 'employer', grantee: NEW_EMPLOYER.organisation! })).status,
    ).to.equal(201);
    expect((await grant(t.applicant!, { role: 'operator', grantee: 'x' })).status).to.equal(400);
    // Only the applicant grants: not the agent they granted.
    expect((await grant(t.agent!, { role: 'agent', grantee: 'agent-8' })).status).to.equal(403);

    expect((await statusAs(t.agent!, caseId)).status).to.equal(200);
    expect((await statusAs(t.employer!, caseId)).status).to.equal(200);
    const listed = await api()
      .get(`/api/v1/cases/${caseId}/grants`)
      .set('authorization', `Bearer ${t.agent}`);
    expect(
      listed.body.grants.map((g: { role: string; grantee: string }) => [g.role, g.grantee]),
    ).to.have.deep.members([
      ['agent', AGENT.subject],
      ['employer', NEW_EMPLOYER.organisation],
    ]);

    const revoked = await api()
      .delete(`/api/v1/cases/${caseId}/grants/${encodeURIComponent(toAgent.body.grantId)}`)
      .set('authorization', `Bearer ${t.applicant}`);
    expect(revoked.status).to.equal(204);
    expect((await statusAs(t.agent!, caseId)).status).to.equal(404);
    expect((await statusAs(t.employer!, caseId)).status, 'the other grant stays').to.equal(200);
  });

  it('lets an agent act only for an organisation and a person that granted it', async () => {
    const agent: Principal = { subject: `agent-${randomUUID().slice(0, 8)}`, role: 'agent' };
    const organisation = String(Math.floor(10_000_000 + Math.random() * 89_999_999));
    const hr: Principal = { subject: `hr-${organisation}`, role: 'employer', organisation };
    const person: Principal = {
      subject: `applicant-${randomUUID().slice(0, 8)}`,
      role: 'applicant',
    };
    const [agentToken, hrToken, personToken] = (await Promise.all(
      [agent, hr, person].map((p) => h.token(p)),
    )) as [string, string, string];
    const application = (applicantId?: string) => {
      const body = zustimmungApplication();
      body.employer.employerId = organisation;
      if (applicantId) body.applicant.applicantId = applicantId;
      else delete (body.applicant as { applicantId?: string }).applicantId;
      return body;
    };
    const startAsAgent = (body: object) =>
      api()
        .post('/api/v1/procedures/ba-approval/cases')
        .set('authorization', `Bearer ${agentToken}`)
        .set('idempotency-key', newKey())
        .send(body);
    const standingGrant = (token: string, body: object) =>
      api().post('/api/v1/grants').set('authorization', `Bearer ${token}`).send(body);
    const listOf = async (token: string) =>
      (await api().get('/api/v1/cases').set('authorization', `Bearer ${token}`)).body.cases.map(
        (c: { caseId: string }) => c.caseId,
      );

    // Not granted: no case in the organisation's name, nothing in its list.
    const refused = await startAsAgent(application());
    expect(refused.status, JSON.stringify(refused.body)).to.equal(403);
    expect(refused.body.detail).to.match(/employer\.employerId/);
    expect(await listOf(hrToken)).to.deep.equal([]);

    // The organisation grants the agent; only its own employers can.
    expect(
      (await standingGrant(agentToken, { role: 'agent', grantee: agent.subject })).status,
    ).to.equal(403);
    const byOrganisation = await standingGrant(hrToken, { role: 'agent', grantee: agent.subject });
    expect(byOrganisation.status, JSON.stringify(byOrganisation.body)).to.equal(201);
    expect(byOrganisation.body).to.include({
      grantor: organisation,
      role: 'agent',
      grantee: agent.subject,
    });
    const listed = await api().get('/api/v1/grants').set('authorization', `Bearer ${hrToken}`);
    expect(listed.body.grants.map((g: { grantee: string }) => g.grantee)).to.deep.equal([
      agent.subject,
    ]);

    // Naming a person's account needs that person's grant too.
    const forPerson = await startAsAgent(application(person.subject));
    expect(forPerson.status, JSON.stringify(forPerson.body)).to.equal(403);
    expect(forPerson.body.detail).to.match(/applicant\.applicantId/);
    const started = await startAsAgent(application());
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    expect(await listOf(hrToken)).to.deep.equal([started.body.caseId]);
    expect(
      (await standingGrant(personToken, { role: 'agent', grantee: agent.subject })).status,
    ).to.equal(201);
    expect((await startAsAgent(application(person.subject))).status).to.equal(201);

    // Revoked: the agent no longer acts for the organisation.
    const revoked = await api()
      .delete(`/api/v1/grants/${encodeURIComponent(byOrganisation.body.grantId)}`)
      .set('authorization', `Bearer ${hrToken}`);
    expect(revoked.status).to.equal(204);
    expect((await startAsAgent(application())).status).to.equal(403);
  });
});
