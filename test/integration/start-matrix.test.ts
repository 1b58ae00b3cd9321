import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { PROCESSES_DIR } from '../../processes/registry.js';
import { getHarness } from '../support/harness.js';
import { newKey } from '../support/fixtures.js';

/**
 * Who may start which procedure, as a matrix: every role against every procedure, with the
 * procedure's example application (the agent granted by the example's organisation and
 * person). Allowed: 201 (family reunification: 400, its example
 * links a case the caller cannot see). Everyone else: 403, and nothing is started.
 */
const roles: Record<string, Principal> = {
  applicant: { subject: 'demo-applicant-priya', role: 'applicant' },
  employer: { subject: 'hr-muster', role: 'employer', organisation: '12345678' },
  agent: { subject: 'agent-matrix', role: 'agent' },
  caseworker: { subject: 'abh-matrix', role: 'caseworker', authority: 'ABH' },
  partner: { subject: 'ba-matrix', role: 'partner', authority: 'BA' },
  operator: { subject: 'op-matrix', role: 'operator' },
  'process-owner': { subject: 'po-matrix', role: 'process-owner' },
};

const allowed: Record<string, string[]> = {
  'ba-approval': ['employer', 'agent'],
  'family-reunification': ['applicant', 'employer'],
  'job-change': ['employer'],
  recognition: ['applicant'],
  'residence-permit': ['applicant'],
  visa: ['applicant'],
  'wsa-application': ['employer'],
  'training-study': ['applicant', 'employer'],
};

describe('start matrix: every role against every procedure', function () {
  this.timeout(60_000);
  before(async () => {
    // The agent acts for the example's organisation and person, who both granted it.
    const h = await getHarness();
    for (const grantor of [roles.employer!, roles.applicant!]) {
      const res = await request(h.gatewayUrl)
        .post('/api/v1/grants')
        .set('authorization', `Bearer ${await h.token(grantor)}`)
        .send({ role: 'agent', grantee: roles.agent!.subject });
      expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
    }
  });
  for (const [procedure, may] of Object.entries(allowed)) {
    it(`${procedure}: started by ${may.join(', ')} only`, async () => {
      const h = await getHarness();
      const body = JSON.parse(
        readFileSync(path.join(PROCESSES_DIR, procedure, 'examples', 'application.json'), 'utf8'),
      ) as object;
      for (const [name, principal] of Object.entries(roles)) {
        const res = await request(h.gatewayUrl)
          .post(`/api/v1/procedures/${procedure}/cases`)
          .set('authorization', `Bearer ${await h.token(principal)}`)
          .set('idempotency-key', newKey())
          .send(body);
        const expected = !may.includes(name)
          ? 403
          : procedure === 'family-reunification'
            ? 400
            : 201;
        expect(res.status, `${name} → ${procedure}: ${JSON.stringify(res.body)}`).to.equal(
          expected,
        );
      }
    });
  }
});
