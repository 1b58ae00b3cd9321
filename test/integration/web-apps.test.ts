import { expect } from 'chai';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { ABH_CASEWORKER, EMPLOYER } from '../support/fixtures.js';

/** What the web apps stand on: their pages and scripts, the demo sign-in, the party's case list. */
describe('web apps: pages, demo sign-in and the case list', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await getHarness();
  });

  it('serves the tasklist and the portal with their bundled scripts', async () => {
    for (const app of ['tasklist', 'portal']) {
      const page = await request(h.gatewayUrl).get(`/${app}/`);
      expect(page.status).to.equal(200);
      expect(page.type).to.equal('text/html');
      expect(page.text).to.contain(`<script type="module" src="/${app}/app.js">`);
      expect(page.headers['content-security-policy']).to.match(/default-src 'self'/);
      const script = await request(h.gatewayUrl).get(`/${app}/app.js`);
      expect(script.status).to.equal(200);
      expect(script.type).to.equal('text/javascript');
      expect(script.text.length).to.be.greaterThan(1000);
    }
    expect((await request(h.gatewayUrl).get('/ui/form-js.css')).status).to.equal(200);
  });

  it('signs a demo user in with a token the API accepts, and refuses an unknown one', async () => {
    const users = await request(h.gatewayUrl).get('/dev/users');
    expect(users.body.users.map((u: { name: string }) => u.name)).to.include('abh-caseworker');
    const unknown = await request(h.gatewayUrl).post('/dev/sign-in').send({ user: 'mallory' });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.errors[0].field).to.equal('/user');
    const signed = await request(h.gatewayUrl)
      .post('/dev/sign-in')
      .send({ user: 'abh-caseworker' });
    expect(signed.status).to.equal(200);
    const tasks = await request(h.gatewayUrl)
      .get('/api/v1/tasks?limit=1')
      .set('authorization', `Bearer ${signed.body.token}`);
    expect(tasks.status).to.equal(200);
  });

  it('lists a party’s own cases only; authorities have no such list', async () => {
    const employer = await h.token(EMPLOYER);
    const other = await h.token({
      subject: 'hr-other',
      role: 'employer',
      organisation: '99999999',
    });
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    const caseId = await new CaseClient(h.gatewayUrl, employer).start(
      'wsa-application',
      application,
    );
    const list = (token: string) =>
      request(h.gatewayUrl).get('/api/v1/cases').set('authorization', `Bearer ${token}`);
    const mine = await list(employer);
    expect(mine.status).to.equal(200);
    expect(mine.body.cases.map((c: { caseId: string }) => c.caseId)).to.include(caseId);
    expect(mine.body.cases[0]).to.have.keys(
      'caseId',
      'procedure',
      'title',
      'createdAt',
      'linkedCaseId',
      'subject',
      'status',
    );
    expect((await list(other)).body.cases.map((c: { caseId: string }) => c.caseId)).to.not.include(
      caseId,
    );
    expect((await list(await h.token(ABH_CASEWORKER))).status).to.equal(403);
  });
});
