import { expect } from 'chai';
import request from 'supertest';
import { startServer } from '../../gateway/server.js';
import { getHarness } from '../support/harness.js';
import { APPLICANT, EMPLOYER } from '../support/fixtures.js';

/** What operators rely on: Prometheus metrics, a rate limit per caller, request ids. */
describe('gateway: metrics, rate limiting, request ids', function () {
  this.timeout(30_000);

  it('exposes Prometheus metrics by operation and status, and no response contract violations', async () => {
    const h = await getHarness();
    const token = await h.token(APPLICANT);
    await request(h.gatewayUrl)
      .get('/api/v1/cases/00000000-0000-4000-8000-000000000000')
      .set('authorization', `Bearer ${token}`)
      .expect(404);
    const res = await request(h.gatewayUrl).get('/metrics');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/plain/);
    expect(res.text).to.match(
      /wsa_gateway_requests_total\{operation="get-case-status",status="404"\} \d+/,
    );
    expect(res.text).to.match(
      /wsa_gateway_request_duration_seconds_bucket\{le="0.1",operation="get-case-status"\}/,
    );
    expect(res.text).to.include('wsa_gateway_response_contract_violations 0');
    expect(res.text).to.include('wsa_gateway_process_resident_memory_bytes');
  });

  it('answers 429 with Retry-After once a caller exceeds the limit, and only that caller', async () => {
    const h = await getHarness();
    const previous = process.env.RATE_LIMIT_PER_MINUTE;
    process.env.RATE_LIMIT_PER_MINUTE = '3';
    const gateway = await startServer(0);
    try {
      const [applicant, employer] = await Promise.all([h.token(APPLICANT), h.token(EMPLOYER)]);
      const get = (token: string) =>
        request(gateway.url)
          .get('/api/v1/cases/00000000-0000-4000-8000-000000000000')
          .set('authorization', `Bearer ${token}`);
      for (let i = 0; i < 3; i++) expect((await get(applicant)).status).to.equal(404);
      const limited = await get(applicant);
      expect(limited.status).to.equal(429);
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
      expect(limited.body.type).to.match(/rate-limited$/);
      expect((await get(employer)).status, 'another caller is not limited').to.equal(404);
    } finally {
      await gateway.stop();
      if (previous === undefined) delete process.env.RATE_LIMIT_PER_MINUTE;
      else process.env.RATE_LIMIT_PER_MINUTE = previous;
    }
  });

  it('returns the caller’s request id, or a new one', async () => {
    const h = await getHarness();
    const own = await request(h.gatewayUrl).get('/health').set('x-request-id', 'trace-abc.123');
    expect(own.headers['x-request-id']).to.equal('trace-abc.123');
    const fresh = await request(h.gatewayUrl).get('/health');
    expect(fresh.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });
});
