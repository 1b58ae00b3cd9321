import { expect } from 'chai';
import request from 'supertest';
import { startServer, type RunningGateway } from '../../gateway/server.js';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { EMPLOYER, OTHER_EMPLOYER, newKey, zustimmungApplication } from '../support/fixtures.js';
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';

/**
 * An organisation's sandbox (docs/sandbox.md): a gateway started with SANDBOX_ORGANISATION in
 * front of an engine host with the movable clock (here the test stack's). The organisation
 * moves the clock through the API and sees the BA's deemed approval at once; other callers may
 * not, and a gateway that is no sandbox has no clock to move.
 */
describe('sandbox: an organisation moves its own clock', function () {
  this.timeout(90_000);
  let h: Harness;
  let sandbox: RunningGateway;
  let token: string;

  before(async () => {
    h = await getHarness();
    process.env.SANDBOX_ORGANISATION = EMPLOYER.organisation;
    try {
      sandbox = await startServer(0);
    } finally {
      delete process.env.SANDBOX_ORGANISATION;
    }
    token = await h.token(EMPLOYER);
  });
  after(async () => sandbox?.stop());

  const clock = (url: string, bearer: string) =>
    request(url).get('/api/v1/sandbox/clock').set('authorization', `Bearer ${bearer}`);
  const advance = (body: object, bearer = token) =>
    request(sandbox.url)
      .post('/api/v1/sandbox/clock/advance')
      .set('authorization', `Bearer ${bearer}`)
      .send(body);

  it('shows deemed approval after the organisation moves the sandbox clock by two weeks', async () => {
    const started = await request(sandbox.url)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', newKey())
      .send(zustimmungApplication({ accelerated: false }));
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const caseId = started.body.caseId as string;
    const status = async () => {
      const res = await request(sandbox.url)
        .get(`/api/v1/cases/${caseId}`)
        .set('authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
      return res.body as CaseStatus;
    };
    await eventually(
      async () =>
        (await status()).awaitedMessages.includes('ba-zustimmung-decision') ? true : undefined,
      'waiting for the BA',
    );

    const before = await clock(sandbox.url, token);
    expect(before.status, JSON.stringify(before.body)).to.equal(200);
    expect(before.body.organisation).to.equal(EMPLOYER.organisation);
    const moved = await advance({ days: 14, minutes: 2 });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body.offsetMs - before.body.offsetMs).to.equal((14 * 24 * 60 + 2) * 60_000);
    expect(Date.parse(moved.body.now) - Date.parse(before.body.now)).to.be.at.least(
      14 * 24 * 60 * 60_000,
    );

    const done = await eventually(async () => {
      const s = await status();
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'deemed approval');
    expect(done.outcome.zustimmungOutcome).to.equal('DEEMED_APPROVED');
  });

  it('lets only its organisation (and operators) use the clock, and asks how far', async () => {
    const other = await clock(sandbox.url, await h.token(OTHER_EMPLOYER));
    expect(other.status).to.equal(403);
    const nothing = await advance({});
    expect(nothing.status).to.equal(400);
    expect(nothing.body.errors).to.deep.equal([
      { field: '/days', reason: 'one of days, hours, minutes must be above 0' },
    ]);
    const negative = await advance({ days: -1 });
    expect(negative.status).to.equal(400);
    expect(JSON.stringify(negative.body.errors)).to.include('/days');
  });

  it('has no clock on a gateway that is no sandbox', async () => {
    const res = await clock(h.gatewayUrl, token);
    expect(res.status).to.equal(404);
  });
});
