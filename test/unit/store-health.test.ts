import { expect } from 'chai';
import type { Request, Response } from 'express';
import { MAX_AUDIT_BACKLOG, refuseWhenUnrecorded } from '../../gateway/store-health.js';
import { Problem } from '../../gateway/problem.js';

/**
 * No answer without its audit entry (gateway/store-health.ts). The store-down case runs
 * against the real store in test/integration/resilience-store.test.ts; the audit
 * backlog cannot be driven past 10,000 there without starving the store for minutes.
 */
describe('gateway: refusing work that could not be audited', () => {
  function decide(storeAvailable: boolean, backlog: number): unknown {
    let passed: unknown = 'not called';
    refuseWhenUnrecorded({ storeHealth: { available: storeAvailable }, audit: { backlog } })(
      {} as Request,
      {} as Response,
      (err?: unknown) => (passed = err),
    );
    return passed;
  }

  it('lets requests through while the store answers and the audit keeps up', () => {
    expect(decide(true, 0)).to.equal(undefined);
    expect(decide(true, MAX_AUDIT_BACKLOG)).to.equal(undefined);
  });

  it('answers 503 with Retry-After while the store is unreachable', () => {
    const refused = decide(false, 0);
    expect(refused).to.be.instanceOf(Problem);
    expect((refused as Problem).status).to.equal(503);
    expect((refused as Problem).detail).to.match(/not reachable/);
    expect((refused as Problem).headers['retry-after']).to.equal('5');
  });

  it('answers 503 once more audit entries wait than the gateway keeps in memory', () => {
    const refused = decide(true, MAX_AUDIT_BACKLOG + 1);
    expect(refused).to.be.instanceOf(Problem);
    expect((refused as Problem).status).to.equal(503);
    expect((refused as Problem).headers['retry-after']).to.equal('1');
  });
});
