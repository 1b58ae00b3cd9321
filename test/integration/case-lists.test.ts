import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import type { Principal } from '../../gateway/auth.js';
import { CasesStore, type CaseDoc } from '../../gateway/data/cases-store.js';
import { PARTY_CASES, PartyCasesStore } from '../../gateway/data/party-cases-store.js';
import { Collections, PROJECTION_META } from '../../projector/collections.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { zustimmungApplication } from '../support/fixtures.js';

/**
 * Case lists from the party lists (gateway/data/party-cases-store.ts): newest first, each
 * party sees its own, a case record missing after a crash is skipped, a repeated save adds
 * nothing twice, and cases created before there were party lists are added once at start.
 */
describe('case lists: each party’s cases without a query by field', function () {
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

  it('skips a listed case without its record, and a repeated save lists it once', async () => {
    const cases = new CasesStore(h.db);
    const orphan = randomUUID(); // the gateway crashed after the party list, before the record
    await new PartyCasesStore(h.db).add(orphan, [`employer:${organisation}`]);
    expect(await list(employer)).to.not.include(orphan);
    const doc: CaseDoc = {
      _id: randomUUID(),
      procedure: 'ba-approval',
      createdBy: employer.subject,
      createdByRole: 'employer',
      employerId: organisation,
      createdAt: new Date(),
    };
    await cases.saveCase(doc);
    await cases.saveCase({ ...doc, createdAt: new Date(Date.now() + 1000) }); // a retry
    const ids = await list(employer);
    expect(ids[0]).to.equal(doc._id);
    expect(ids.filter((id) => id === doc._id)).to.have.length(1);
  });

  it('adds cases created before there were party lists, once', async () => {
    const older: CaseDoc = {
      _id: randomUUID(),
      procedure: 'ba-approval',
      createdBy: 'hr-before',
      createdByRole: 'employer',
      employerId: organisation,
      applicantId: `applicant-${organisation}`,
      createdAt: new Date(Date.now() - 86_400_000),
    };
    await h.db.collection<CaseDoc>(Collections.cases).insertOne(older);
    expect(await list(employer)).to.not.include(older._id);
    const cases = new CasesStore(h.db);
    expect(await cases.ensurePartyLists()).to.equal(null); // marked as built
    await h.db.collection<{ _id: string }>(PROJECTION_META).deleteOne({ _id: 'party_cases' });
    const built = await cases.ensurePartyLists();
    expect(built!.cases).to.be.at.least(1);
    const ids = await list(employer);
    expect(ids.at(-1)).to.equal(older._id); // the oldest, last
    expect(await cases.idsOfApplicant(`applicant-${organisation}`)).to.deep.equal([older._id]);
    const party = await h.db
      .collection<{ _id: string; cases: string[] }>(PARTY_CASES)
      .findOne({ _id: `employer:${organisation}` });
    expect(party!.cases.filter((id) => id === older._id)).to.have.length(1);
  });
});
