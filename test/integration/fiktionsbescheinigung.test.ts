import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { throughVisa } from '../support/visa-steps.js';
import { APPLICANT, BVA, MISSION } from '../support/fixtures.js';

/**
 * §81 (4) AufenthG: the application for the residence permit continues the current visa or
 * title as lawful stay, and the Fiktionsbescheinigung certifies that, only if a visa or
 * residence title is valid when the permit is applied for (issue 16, domain 3).
 */
const ABH: Principal = { subject: 'abh-dresden', role: 'caseworker', authority: 'ABH' };
const DAY = 24 * 60 * 60 * 1000;

describe('residence permit: the Fiktionsbescheinigung needs a valid visa or title (§81 (4) AufenthG)', function () {
  this.timeout(90_000);
  let h: Harness;
  let cases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    [t.applicant, t.mission, t.bva, t.abh] = await Promise.all([
      h.token(APPLICANT),
      h.token(MISSION),
      h.token(BVA),
      h.token(ABH),
    ]);
    cases = new CaseClient(h.gatewayUrl, t.applicant!);
  });

  const person = () => ({
    ...rpExample.applicant,
    applicantId: APPLICANT.subject,
    familyName: `Sharma-${randomUUID().slice(0, 8)}`,
  });

  /** The person's visa procedure, to a granted visa valid for a year or `days` from the engine's now. */
  async function grantVisa(applicant: object, days?: number) {
    const caseId = await cases.start('visa', { ...visaExample, applicant });
    await throughVisa(
      cases,
      { mission: t.mission!, bva: t.bva! },
      h.engineClock,
      caseId,
      'GRANTED',
      days,
    );
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('VisaGranted');
  }

  /** Applies for the permit and returns the case once the office has it on its desk. */
  async function applyForPermit(applicant: object) {
    const caseId = await cases.start('residence-permit', { ...rpExample, applicant });
    await cases.until(caseId, 'at the security check or the decision', (s) =>
      s.currentStages.some((c) =>
        ['AwaitSecurityResult', 'DecideResidencePermit'].includes(c.elementId),
      ),
    );
    return cases.status(caseId);
  }

  it('issues it while the visa is valid', async () => {
    const applicant = person();
    await grantVisa(applicant);
    const s = await applyForPermit(applicant);
    expect(s.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['FIKTIONSBESCHEINIGUNG', 'ISSUED'],
    ]);
  });

  it('does not issue it without a visa or title on record', async () => {
    const s = await applyForPermit(person());
    expect(s.notices).to.deep.equal([]);
    const steps = s.history.map((e) => e.elementId);
    expect(steps).to.include('ReportToAzr');
    expect(steps).to.not.include('IssueFiktionsbescheinigung');
  });

  it('does not issue it when the visa expired before the application', async () => {
    const applicant = person();
    await grantVisa(applicant, 10);
    await h.engineClock.advance(12 * DAY);
    const s = await applyForPermit(applicant);
    expect(s.notices.map((n) => n.kind)).to.not.include('FIKTIONSBESCHEINIGUNG');
    expect(s.history.map((e) => e.elementId)).to.not.include('IssueFiktionsbescheinigung');
  });
});
