import { expect } from 'chai';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import {
  ABH_CASEWORKER,
  APPLICANT,
  BA_PARTNER,
  EMPLOYER,
  OTHER_EMPLOYER,
  zustimmungApplication,
  newKey,
} from '../support/fixtures.js';

/** Bad input gets a clear 4xx problem naming the field or reason, and stores nothing half-way. */
describe('gateway: bad requests and access', function () {
  this.timeout(60_000);
  let h: Harness;
  let employer: string;
  let ba: string;
  const start = (token: string, body: unknown, key: string | null = newKey()) => {
    const req = request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${token}`);
    if (key) req.set('idempotency-key', key);
    return req.send(body as object);
  };
  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.status).to.equal(status);
    expect(res.body.title).to.be.a('string');
  };

  before(async () => {
    h = await getHarness();
    employer = await h.token(EMPLOYER);
    ba = await h.token(BA_PARTNER);
  });

  it('401 without a token, with a malformed token and with a token from another issuer', async () => {
    expectProblem(await request(h.gatewayUrl).get(`/api/v1/cases/${randomUUID()}`), 401);
    expectProblem(
      await request(h.gatewayUrl)
        .get(`/api/v1/cases/${randomUUID()}`)
        .set('authorization', 'Bearer not-a-jwt'),
      401,
    );
    const { SignJWT } = await import('jose');
    const forged = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('wsa-dev-issuer')
      .setAudience('wsa-gateway')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret'));
    expectProblem(
      await request(h.gatewayUrl)
        .get(`/api/v1/cases/${randomUUID()}`)
        .set('authorization', `Bearer ${forged}`),
      401,
    );
  });

  it('400 naming each missing field and each wrong type', async () => {
    const body = zustimmungApplication() as Record<string, unknown>;
    delete body.jobOffer;
    (body.applicant as Record<string, unknown>).dateOfBirth = 'yesterday';
    (body as { accelerated: unknown }).accelerated = 'yes';
    const res = await start(employer, body);
    expectProblem(res, 400);
    const fields = (res.body.errors as { field: string; reason: string }[]).map((e) => e.field);
    expect(fields).to.include.members(['/jobOffer', '/applicant/dateOfBirth', '/accelerated']);
    expect(
      res.body.errors.find((e: { field: string }) => e.field === '/accelerated').reason,
    ).to.match(/boolean/);
  });

  it('400 for unknown fields, out-of-range numbers, malformed JSON and a missing Idempotency-Key', async () => {
    const extra = { ...zustimmungApplication(), salaryInCash: true };
    const r1 = await start(employer, extra);
    expectProblem(r1, 400);
    expect(r1.body.errors).to.deep.include({
      field: '/salaryInCash',
      reason: 'is not a known field',
    });

    const hours = zustimmungApplication();
    hours.jobOffer.weeklyHours = 80;
    const r2 = await start(employer, hours);
    expectProblem(r2, 400);
    expect(r2.body.errors[0].field).to.equal('/jobOffer/weeklyHours');

    const r3 = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${employer}`)
      .set('idempotency-key', newKey())
      .set('content-type', 'application/json')
      .send('{"employer": {');
    expectProblem(r3, 400);
    expect(r3.body.errors[0].reason).to.equal('malformed JSON');

    const r4 = await start(employer, zustimmungApplication(), null);
    expectProblem(r4, 400);
    expect(r4.body.errors[0].field).to.equal('header:Idempotency-Key');
  });

  it('413 for an oversized body', async () => {
    const big = zustimmungApplication();
    big.jobOffer.title = 'x'.repeat(300_000);
    expectProblem(await start(employer, big), 413);
  });

  it('404 for an unknown procedure, an unknown case and an unknown message', async () => {
    expectProblem(
      await request(h.gatewayUrl)
        .post('/api/v1/procedures/no-such/cases')
        .set('authorization', `Bearer ${employer}`)
        .set('idempotency-key', newKey())
        .send({}),
      404,
    );
    expectProblem(
      await request(h.gatewayUrl)
        .get(`/api/v1/cases/${randomUUID()}`)
        .set('authorization', `Bearer ${employer}`),
      404,
    );
    const { body } = await start(employer, zustimmungApplication());
    expectProblem(
      await request(h.gatewayUrl)
        .post(`/api/v1/cases/${body.caseId}/messages/no-such-message`)
        .set('authorization', `Bearer ${ba}`)
        .send({}),
      404,
    );
  });

  it('400 naming the parameter for a malformed case id, on every path that takes one', async () => {
    const operator = await h.token({ subject: 'op-1', role: 'operator' });
    const task = randomUUID();
    const calls: [string, string, string][] = [
      ['get', '/api/v1/cases/{id}', employer],
      ['post', '/api/v1/cases/{id}/messages/ba-zustimmung-decision', ba],
      ['get', '/api/v1/cases/{id}/documents', employer],
      ['get', '/api/v1/cases/{id}/grants', employer],
      ['post', `/api/v1/cases/{id}/tasks/${task}/completion`, employer],
      ['delete', `/api/v1/cases/{id}/tasks/${task}/assignment`, employer],
      ['get', '/api/v1/operations/cases/{id}', operator],
    ];
    for (const bad of ['not-a-uuid', randomUUID().toUpperCase(), `urn:uuid:${randomUUID()}`])
      for (const [method, path, token] of calls) {
        const url = path.replace('{id}', encodeURIComponent(bad));
        const client = request(h.gatewayUrl);
        const res = await (
          method === 'get'
            ? client.get(url)
            : method === 'post'
              ? client.post(url)
              : client.delete(url)
        )
          .set('authorization', `Bearer ${token}`)
          .send({});
        expectProblem(res, 400);
        expect(res.body.errors, `${method} ${path} ${bad}`).to.have.length(1);
        expect(res.body.errors[0].field).to.equal('path:caseId');
        expect(res.body.errors[0].reason).to.match(/^must match pattern/);
      }
  });

  it('403 when an employer applies for another organisation or a role may not start the procedure', async () => {
    expectProblem(await start(await h.token(OTHER_EMPLOYER), zustimmungApplication()), 403);
    expectProblem(await start(await h.token(APPLICANT), zustimmungApplication()), 403);
  });

  it('replays a start with the same key (one case only) and refuses the key for a different body (422)', async () => {
    const key = newKey();
    const first = await start(employer, zustimmungApplication(), key);
    expect(first.status).to.equal(201);
    const again = await start(employer, zustimmungApplication(), key);
    expect(again.status).to.equal(200);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body.caseId).to.equal(first.body.caseId);
    expect(again.body.processInstanceKey).to.equal(first.body.processInstanceKey);
    const count = async (sql: string, value: string) => (await h.pool.query(sql, [value])).rowCount;
    expect(
      await count('select 1 from read_model.start_requests where case_id = $1', first.body.caseId),
    ).to.equal(1);
    // One case, one process instance: the replay started nothing.
    expect(
      await count(
        'select 1 from read_model.case_instances where process_instance_key = $1',
        first.body.processInstanceKey,
      ),
    ).to.equal(1);
    expect(await count('select 1 from read_model.cases where id = $1', first.body.caseId)).to.equal(
      1,
    );
    expectProblem(await start(employer, zustimmungApplication({ accelerated: true }), key), 422);
  });

  it('guards messages: who may send, valid payload, and 409 when the case is not waiting for it', async () => {
    const { body } = await start(employer, zustimmungApplication());
    const caseId = body.caseId as string;
    const send = (token: string, payload: unknown) =>
      request(h.gatewayUrl)
        .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
        .set('authorization', `Bearer ${token}`)
        .send(payload as object);

    // The employer may see the case but not decide for the BA.
    expectProblem(await send(employer, { outcome: 'APPROVED', baReference: 'X' }), 403);
    // Another authority may not even see it.
    expectProblem(
      await send(await h.token(ABH_CASEWORKER), { outcome: 'APPROVED', baReference: 'X' }),
      404,
    );
    const invalid = await send(ba, { outcome: 'MAYBE' });
    expectProblem(invalid, 400);
    expect((invalid.body.errors as { field: string }[]).map((e) => e.field)).to.include.members([
      '/outcome',
      '/baReference',
    ]);

    await eventually(
      async () =>
        (
          await request(h.gatewayUrl)
            .get(`/api/v1/cases/${caseId}`)
            .set('authorization', `Bearer ${employer}`)
        ).body.awaitedMessages?.length
          ? true
          : undefined,
      'waiting for BA',
    );
    expect((await send(ba, { outcome: 'APPROVED', baReference: 'BA-42' })).status).to.equal(202);
    await eventually(
      async () =>
        (
          await request(h.gatewayUrl)
            .get(`/api/v1/cases/${caseId}`)
            .set('authorization', `Bearer ${employer}`)
        ).body.state === 'COMPLETED'
          ? true
          : undefined,
      'completed',
    );
    const late = await send(ba, { outcome: 'REFUSED', baReference: 'BA-43' });
    expectProblem(late, 409);
    expect(late.body.type).to.match(/not-waiting-for-message$/);
  });

  it('hides a case from other employers and other authorities (404), shows it to the BA', async () => {
    const { body } = await start(employer, zustimmungApplication());
    const get = async (token: string) =>
      request(h.gatewayUrl)
        .get(`/api/v1/cases/${body.caseId}`)
        .set('authorization', `Bearer ${token}`);
    expectProblem(await get(await h.token(OTHER_EMPLOYER)), 404);
    expectProblem(await get(await h.token(ABH_CASEWORKER)), 404);
    expect((await get(ba)).status).to.equal(200);
    expect((await get(await h.token(APPLICANT))).status).to.equal(200);
  });
});
