import { expect } from 'chai';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { getHarness, TEST_JWT_SECRET, type Harness } from '../support/harness.js';
import { BA_PARTNER, EMPLOYER, zustimmungApplication, newKey } from '../support/fixtures.js';

/**
 * What an attacker tries against the gateway: inherited object names as names, bodies that do
 * not decompress, parallel duplicate starts, tokens without end, and characters that would
 * reach partner systems unseen. Every one gets a 4xx problem (or the case it asked for), never 500.
 */
describe('gateway: security hardening', function () {
  this.timeout(60_000);
  let h: Harness;
  let employer: string;
  let ba: string;
  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.status).to.equal(status);
    expect(res.body.title).to.be.a('string');
  };
  const start = (token: string, body: unknown, key = newKey()) =>
    request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', key)
      .send(body as object);

  before(async () => {
    h = await getHarness();
    employer = await h.token(EMPLOYER);
    ba = await h.token(BA_PARTNER);
  });

  it('answers inherited object names (constructor, __proto__, toString, …) as unknown, never 500', async () => {
    const { body } = await start(employer, zustimmungApplication());
    const caseId = String(body.caseId);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expectProblem(
        await request(h.gatewayUrl)
          .post(`/api/v1/cases/${caseId}/messages/${name}`)
          .set('authorization', `Bearer ${ba}`)
          .send({}),
        404,
      );
      expectProblem(
        await request(h.gatewayUrl)
          .post(`/api/v1/procedures/${name}/cases`)
          .set('authorization', `Bearer ${employer}`)
          .set('idempotency-key', newKey())
          .send({}),
        404,
      );
      expectProblem(
        await request(h.gatewayUrl)
          // (a name without .bpmn/.dmn/.form is malformed: 400 before any lookup)
          .get(`/api/v1/models/repository/${name}.bpmn`)
          .set(
            'authorization',
            `Bearer ${await h.token({ subject: 'po-s', role: 'process-owner' })}`,
          ),
        404,
      );
    }
  });

  it('refuses a body that does not decompress (400) and asks for a token before reading a body', async () => {
    const garbage = Buffer.from('this is not gzip at all');
    const bad = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${employer}`)
      .set('idempotency-key', newKey())
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send(garbage);
    expectProblem(bad, 400);
    expect(bad.body.detail).to.match(/decompress/i);
    // Without a token: 401 before the body is read (not a 400/500 about the body).
    const anonymous = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('idempotency-key', newKey())
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send(garbage);
    expectProblem(anonymous, 401);
    const anonymousMalformed = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('idempotency-key', newKey())
      .set('content-type', 'application/json')
      .send('{"not json');
    expectProblem(anonymousMalformed, 401);
    expectProblem(
      await request(h.gatewayUrl)
        .post('/api/v1/procedures/ba-approval/cases')
        .set('authorization', `Bearer ${employer}`)
        .set('idempotency-key', newKey())
        .set('content-type', 'application/json')
        .set('content-encoding', 'br, x-unknown')
        .send('{}'),
      415,
    );
  });

  it('parallel starts with the same key and body all return the one case', async () => {
    const key = newKey();
    const body = zustimmungApplication();
    const answers = await Promise.all(Array.from({ length: 6 }, () => start(employer, body, key)));
    for (const a of answers)
      expect([200, 201], `${a.status} ${JSON.stringify(a.body)}`).to.include(a.status);
    expect(answers.filter((a) => a.status === 201)).to.have.length(1);
    expect(new Set(answers.map((a) => a.body.caseId)).size).to.equal(1);
    expect(new Set(answers.map((a) => a.body.processInstanceKey)).size).to.equal(1);
    const { rowCount } = await h.pool.query('select 1 from read_model.cases where id = $1', [
      answers[0]!.body.caseId,
    ]);
    expect(rowCount).to.equal(1);
  });

  describe('tokens', () => {
    const secret = new TextEncoder().encode(TEST_JWT_SECRET);
    const now = () => Math.floor(Date.now() / 1000);
    const token = (claims: { exp?: number; iat?: number }) => {
      const jwt = new SignJWT({ role: 'employer', org: EMPLOYER.organisation })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(EMPLOYER.subject)
        .setIssuer('wsa-dev-issuer')
        .setAudience('wsa-gateway');
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      return jwt.sign(secret);
    };
    const call = async (t: string) =>
      request(h.gatewayUrl).get('/api/v1/cases').set('authorization', `Bearer ${t}`);

    it('accepts a token with a short lifetime', async () => {
      expect((await call(await token({ iat: now(), exp: now() + 3600 }))).status).to.equal(200);
    });

    it('refuses a token without exp', async () => {
      const res = await call(await token({ iat: now() }));
      expectProblem(res, 401);
      expect(res.body.detail).to.match(/exp/);
    });

    it('refuses a token that lives longer than the cap (12 hours)', async () => {
      const res = await call(await token({ iat: now(), exp: now() + 13 * 3600 }));
      expectProblem(res, 401);
      expect(res.body.detail).to.match(/lifetime/);
      // Without iat the lifetime counts from now.
      expectProblem(await call(await token({ exp: now() + 30 * 24 * 3600 })), 401);
    });

    it('refuses a token issued in the future (beyond a minute of clock skew)', async () => {
      const res = await call(await token({ iat: now() + 600, exp: now() + 3600 }));
      expectProblem(res, 401);
      expect(res.body.detail).to.match(/iat|future/);
      expect((await call(await token({ iat: now() + 20, exp: now() + 3600 }))).status).to.equal(
        200,
      );
    });
  });

  describe('hardening', () => {
    it('sends no-store and nosniff on API answers, personal data or problems alike', async () => {
      for (const res of [
        await request(h.gatewayUrl).get('/api/v1/cases').set('authorization', `Bearer ${employer}`),
        await request(h.gatewayUrl).get(`/api/v1/cases/${randomUUID()}`),
      ]) {
        expect(res.headers['cache-control']).to.match(/no-store/);
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
      }
    });

    it('gives /api/docs a Content-Security-Policy and frame protection', async () => {
      const res = await request(h.gatewayUrl).get('/api/docs');
      expect(res.status).to.equal(200);
      expect(res.headers['content-security-policy']).to.match(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).to.match(/default-src 'self'/);
      expect(res.headers['x-frame-options']).to.equal('DENY');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
    });

    it('answers TRACE with 405', async () => {
      for (const path of ['/api/v1/cases', '/api/docs', '/health', '/']) {
        const res = await request(h.gatewayUrl).trace(path);
        expect(res.status, path).to.equal(405);
        expect(res.headers['allow']).to.be.a('string');
      }
    });

    it('refuses NUL and bidirectional control characters in names, naming the field', async () => {
      for (const [char, field] of [
        ['\u0000', 'familyName'],
        ['\u202E', 'familyName'],
        ['\u202A', 'givenName'],
        ['\u2066', 'givenName'],
        ['\u2069', 'familyName'],
      ] as const) {
        const body = zustimmungApplication();
        (body.applicant as Record<string, unknown>)[field] = `Sharma${char}evil`;
        const res = await start(employer, body);
        expectProblem(res, 400);
        expect(res.body.errors).to.deep.include({
          field: `/applicant/${field}`,
          reason: 'must not contain NUL or bidirectional control characters',
        });
      }
      // A message body too (names reach the partner systems from there as well).
      const { body } = await start(employer, zustimmungApplication());
      const res = await request(h.gatewayUrl)
        .post(`/api/v1/cases/${body.caseId}/messages/ba-zustimmung-decision`)
        .set('authorization', `Bearer ${ba}`)
        .send({ outcome: 'APPROVED', baReference: 'BA-1', reasons: ['ok', 'ok\u202Egnp.exe'] });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).to.include('/reasons/1');
      // And a document's file name: "Passgnp.exe" shown as "Passexe.png".
      const upload = await request(h.gatewayUrl)
        .post(`/api/v1/cases/${body.caseId}/documents?type=PASSPORT&name=Pass%E2%80%AEgnp.exe`)
        .set('authorization', `Bearer ${employer}`)
        .set('content-type', 'application/pdf')
        .send(Buffer.from('%PDF-1.7\n'));
      expectProblem(upload, 400);
      expect(upload.body.errors).to.deep.include({
        field: 'query:name',
        reason: 'must not contain NUL or bidirectional control characters',
      });
    });
  });
});
