import { expect } from 'chai';
import { serveMetrics } from '../../common/metrics-server.js';
import { workerRegistry } from '../../workers/framework/metrics.js';
import { projectorRegistry } from '../../projector/metrics.js';
import { getHarness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER, zustimmungApplication } from '../support/fixtures.js';

/** Prometheus metrics of the workers (jobs, failures, latency) and the projector (lag). */
describe('metrics of workers and projector', function () {
  this.timeout(60_000);

  it('counts jobs by type and outcome, their latency, records applied and the projection lag', async () => {
    const h = await getHarness();
    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    await cases.at(await cases.start('ba-approval', zustimmungApplication()), 'AwaitBaDecision');

    const value = async (registry: typeof workerRegistry, name: string, labels: string) => {
      const text = await registry.metrics();
      const line = text.split('\n').find((l) => l.startsWith(`${name}${labels}`));
      return line ? Number(line.split(' ').pop()) : undefined;
    };
    expect(
      await value(
        workerRegistry,
        'wsa_worker_jobs_total',
        '{type="ba.submit-zustimmung-request",outcome="completed"}',
      ),
    ).to.be.at.least(1);
    expect(
      await value(
        workerRegistry,
        'wsa_worker_job_duration_seconds_count',
        '{type="ba.submit-zustimmung-request"}',
      ),
    ).to.be.at.least(1);
    expect(
      await value(projectorRegistry, 'wsa_projector_records_applied_total', ''),
    ).to.be.greaterThan(0);
    const lag = await value(projectorRegistry, 'wsa_projector_lag_seconds', '');
    expect(lag).to.be.a('number').and.at.least(0);

    // Served over HTTP for Prometheus (the processes' own endpoint).
    const server = await serveMetrics(projectorRegistry, 39465, '127.0.0.1');
    try {
      const res = await fetch('http://127.0.0.1:39465/metrics');
      expect(res.status).to.equal(200);
      expect(await res.text()).to.contain('wsa_projector_lag_seconds');
      expect((await fetch('http://127.0.0.1:39465/other')).status).to.equal(404);
    } finally {
      server?.close();
    }
    expect(await serveMetrics(projectorRegistry, 0, '127.0.0.1'), 'no port, no endpoint').to.equal(
      null,
    );
  });
});
