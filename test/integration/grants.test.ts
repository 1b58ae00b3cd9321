import { expect } from 'chai';
import request from 'supertest';
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT } from '../support/fixtures.js';

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
});
