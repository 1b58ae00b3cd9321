import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { CasesStore, type CaseDoc } from '../../gateway/data/cases-store.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { zustimmungApplication } from '../support/fixtures.js';

/**
 * Case lists from the case records' indexes (gateway/data/cases-store.ts): newest first, each
 * party sees its own, and a repeated save adds nothing twice (the query's index: store-indexes.test.ts).
 */
describe('case lists: each party’s cases, newest first, from the indexes', function () {
  this.timeout(60_000);
  let h: Harness;
  const organisation = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const employer: Principal = { subject: `hr-${organisation}`, role: 'employer', organisation };
  const colleague: Principal = { subject: `hr2-${organisation}`, role: 'employer', organisation };
  const stranger: Principal = { subject: 'hr-stranger', role: 'employer', organisation: 'x-1' };

  const list = async (p: Principal) =>
    (
      await request(h.gatewayUrl)
        .get('/api/v1/cases')
        .set('authorization', `Bearer ${await h.token(p)}`)
        .expect(200)
    ).body.cases.map((c: { caseId: string }) => c.caseId) as string[];

  const application = () => {
    const a = zustimmungApplication();
    return { ...a, employer: { ...a.employer, employerId: organisation } };
  };

  before(async () => {
    h = await getHarness();
  });

  it('lists an organisation’s cases newest first, to each of its people and nobody else', async () => {
    const first = await new CaseClient(h.gatewayUrl, await h.token(employer)).start(
      'ba-approval',
      application(),
    );
    const second = await new CaseClient(h.gatewayUrl, await h.token(colleague)).start(
      'ba-approval',
      application(),
    );
    expect(await list(employer)).to.deep.equal([second, first]);
    expect(await list(colleague)).to.deep.equal([second, first]);
    expect(await list(stranger)).to.not.include.members([first]);
  });

  it('lists a repeated save once, and cases by applicant for operators', async () => {
    const cases = new CasesStore(h.pool);
    const doc: CaseDoc = {
      _id: randomUUID(),
      procedure: 'ba-approval',
      createdBy: employer.subject,
      createdByRole: 'employer',
      employerId: organisation,
      applicantId: `applicant-${organisation}`,
      createdAt: new Date(Date.now() + 60_000),
    };
    await cases.saveCase(doc);
    await cases.saveCase({ ...doc, createdAt: new Date(Date.now() + 61_000) }); // a retry
    const ids = await list(employer);
    expect(ids[0]).to.equal(doc._id);
    expect(ids.filter((id) => id === doc._id)).to.have.length(1);
    expect(await cases.idsOfApplicant(`applicant-${organisation}`)).to.deep.equal([doc._id]);
  });
});
