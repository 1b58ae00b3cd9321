import { expect } from 'chai';
import request from 'supertest';
import { startServer, type RunningGateway } from '../../gateway/server.js';
import { authConfig, issueToken } from '../../gateway/auth.js';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import { EMPLOYER, OTHER_EMPLOYER, newKey, zustimmungApplication } from '../support/fixtures.js';
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';

/**
 * An organisation's sandbox (docs/sandbox.md): a gateway started with SANDBOX_ORGANISATION in
 * front of an engine host with the movable clock (here the test stack's). The organisation
 * moves the clock through the API and sees the BA's deemed approval at once; other callers may
 * not, and a gateway that is no sandbox has no clock to move.
 */
const SANDBOX_SECRET = 'wsa-sandbox-test-secret';
const sandboxToken = (p: Parameters<typeof issueToken>[1]) =>
  issueToken(authConfig(SANDBOX_SECRET), p);

describe('sandbox: an organisation moves its own clock', function () {
  this.timeout(90_000);
  let h: Harness;
  let sandbox: RunningGateway;
  let token: string;

  before(async () => {
    h = await getHarness();
    // The sandbox's own issuer: its tokens open no other gateway, and no other's open it.
    const ordinarySecret = process.env.AUTH_JWT_SECRET;
    process.env.SANDBOX_ORGANISATION = EMPLOYER.organisation;
    process.env.AUTH_JWT_SECRET = SANDBOX_SECRET;
    process.env.SANDBOX_SIMULATORS_URL = h.simulatorsUrl;
    try {
      sandbox = await startServer(0);
    } finally {
      delete process.env.SANDBOX_ORGANISATION;
      delete process.env.SANDBOX_SIMULATORS_URL;
      process.env.AUTH_JWT_SECRET = ordinarySecret;
    }
    token = await sandboxToken(EMPLOYER);
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
    const other = await clock(sandbox.url, await sandboxToken(OTHER_EMPLOYER));
    expect(other.status).to.equal(403);
    // A token of the production issuer does not open the sandbox.
    expect((await clock(sandbox.url, await h.token(EMPLOYER))).status).to.equal(401);
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
    const res = await clock(h.gatewayUrl, await h.token(EMPLOYER));
    expect(res.status).to.equal(404);
  });

  it('creates demo persons whose tokens work in this sandbox only', async () => {
    const created = await request(sandbox.url)
      .post('/api/v1/sandbox/persons')
      .set('authorization', `Bearer ${token}`)
      .send({ givenName: 'Ana', familyName: 'Lima', nationality: 'BRA' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.personId).to.match(/^sandbox-person-/);
    const mine = await request(sandbox.url)
      .get('/api/v1/cases')
      .set('authorization', `Bearer ${created.body.token}`);
    expect(mine.status, JSON.stringify(mine.body)).to.equal(200);
    const elsewhere = await request(h.gatewayUrl)
      .get('/api/v1/cases')
      .set('authorization', `Bearer ${created.body.token}`);
    expect(elsewhere.status).to.equal(401);
    const bad = await request(sandbox.url)
      .post('/api/v1/sandbox/persons')
      .set('authorization', `Bearer ${token}`)
      .send({ givenName: 'Ana' });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.include('familyName');
    const asPerson = await request(sandbox.url)
      .post('/api/v1/sandbox/persons')
      .set('authorization', `Bearer ${created.body.token}`)
      .send({ givenName: 'Eve', familyName: 'X' });
    expect(asPerson.status).to.equal(403);
  });

  it("decides a waiting case as the organisation asks, through the sandbox's simulators", async () => {
    const started = await request(sandbox.url)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', newKey())
      .send(zustimmungApplication({ accelerated: false }));
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const caseId = started.body.caseId as string;
    const setCase = (partner: string, body: object, bearer = token, id = caseId) =>
      request(sandbox.url)
        .put(`/api/v1/sandbox/cases/${id}/auto-answers/${partner}`)
        .set('authorization', `Bearer ${bearer}`)
        .send(body);

    expect(
      (await setCase('ba', { outcome: 'REFUSED' }, await sandboxToken(OTHER_EMPLOYER))).status,
    ).to.equal(403);
    expect(
      (await setCase('ba', { outcome: 'REFUSED' }, token, crypto.randomUUID())).status,
    ).to.equal(404);
    expect((await setCase('azr', { enabled: true })).status).to.equal(400);
    expect((await setCase('ba', {})).status).to.equal(400);

    const set = await setCase('ba', { enabled: true, outcome: 'REFUSED' });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body).to.deep.equal({ caseId, enabled: true, delayMs: 0, outcome: 'REFUSED' });
    const done = await eventually(async () => {
      const res = await request(sandbox.url)
        .get(`/api/v1/cases/${caseId}`)
        .set('authorization', `Bearer ${token}`);
      return res.body.state === 'COMPLETED' ? (res.body as CaseStatus) : undefined;
    }, 'the BA refusal');
    expect(done.outcome.zustimmungOutcome).to.equal('REFUSED');
    // The simulator-wide setting stayed as it was.
    expect(h.autoAnswers.ba.settings.enabled).to.equal(false);
  });
});
