import { expect } from 'chai';
import { mayStartFor, type StartGrants, type StartParties } from '../../gateway/access.js';
import type { Principal } from '../../gateway/auth.js';

/** For whom a caller may apply (gateway/access.ts); the same rules run end to end in test/integration. */
describe('gateway: the start permissions (access.ts)', () => {
  const employer: Principal = { subject: 'e', role: 'employer', organisation: '12345678' };
  const agent: Principal = { subject: 'a', role: 'agent' };
  const applicant: Principal = { subject: 'p', role: 'applicant' };
  const none: StartParties = { employerId: undefined, applicantId: undefined, linked: null };
  const granted = (orgs: string[], people: string[]): StartGrants => ({
    actsForOrganisation: async (o) => orgs.includes(o),
    actsForPerson: async (p) => people.includes(p),
  });

  it('lets an employer apply for its own organisation only', async () => {
    expect(
      await mayStartFor(employer, { ...none, employerId: '12345678' }, granted([], [])),
    ).to.deep.equal({});
    const other = await mayStartFor(employer, { ...none, employerId: '87654321' }, granted([], []));
    expect(other.refusal).to.match(/own organisation/);
  });

  it("lets an employer arrange a linked case of its own organisation's case", async () => {
    const linked = { employerId: '12345678' };
    expect(await mayStartFor(employer, { ...none, linked }, granted([], []))).to.deep.equal({
      arrangedBy: '12345678',
    });
    const foreign = await mayStartFor(
      employer,
      { ...none, linked: { employerId: '1' } },
      granted([], []),
    );
    expect(foreign.refusal).to.match(/own organisation/);
  });

  it('lets an agent act only for organisations and people that granted it', async () => {
    expect(
      await mayStartFor(
        agent,
        { ...none, employerId: 'o', applicantId: 'x' },
        granted(['o'], ['x']),
      ),
    ).to.deep.equal({});
    expect(
      (await mayStartFor(agent, { ...none, employerId: 'o' }, granted([], []))).refusal,
    ).to.match(/organisation that granted/);
    expect(
      (await mayStartFor(agent, { ...none, applicantId: 'x' }, granted([], []))).refusal,
    ).to.match(/person who granted/);
  });

  it('lets an applicant name no account but their own', async () => {
    expect(
      await mayStartFor(applicant, { ...none, applicantId: 'p' }, granted([], [])),
    ).to.deep.equal({});
    expect(await mayStartFor(applicant, none, granted([], []))).to.deep.equal({});
    expect(
      (await mayStartFor(applicant, { ...none, applicantId: 'q' }, granted([], []))).refusal,
    ).to.match(/themselves/);
  });
});
