import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import extensionExample from '../../processes/residence-extension/examples/application.json' with { type: 'json' };
import settlementExample from '../../processes/settlement-permit/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, BVA } from '../support/fixtures.js';
import { dayAfter, grantFirstTitle, monthsAfter } from '../support/stay-steps.js';

/**
 * Stay (issue 19 item 4) on the real engine: the extension of a title (§81 (4) AufenthG while
 * pending, the new validity from extension-validity) and the settlement permit (§18c AufenthG,
 * settlement-conditions), each taking the current title from the once-only evidence, with the
 * engine clock moved past the title's end and through the months a settlement needs.
 */
const ABH: Principal = { subject: 'abh-stay', role: 'caseworker', authority: 'ABH' };
const DAY = 86_400_000;

interface Title {
  kind: string;
  basis: string;
  validityMonths?: number;
  validityBasis?: string;
  eligible?: boolean;
  requiredMonths?: number;
  requiredGermanLevel?: string;
  rule?: string;
  earliestDate?: string | null;
}

describe('stay: extension and settlement permit', function () {
  this.timeout(120_000);
  let h: Harness;
  let cases: CaseClient;
  let abhView: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    [t.applicant, t.bva, t.abh] = await Promise.all([
      h.token(APPLICANT),
      h.token(BVA),
      h.token(ABH),
    ]);
    cases = new CaseClient(h.gatewayUrl, t.applicant!);
    abhView = new CaseClient(h.gatewayUrl, t.abh!);
  });

  /** A person of their own, so evidence recorded by other tests does not count. */
  const person = () => ({
    ...extensionExample.applicant,
    applicantId: APPLICANT.subject,
    familyName: `Stay-${randomUUID().slice(0, 8)}`,
  });
  const tokens = () => ({ bva: t.bva!, abh: t.abh! });
  const withdraw = async (caseId: string) => {
    const res = await cases.send(t.applicant!, caseId, 'application-withdrawn', {
      reason: 'Test ends here',
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('Withdrawn');
  };
  /** The office refuses: the case ends there, with the refusal as its one notice. */
  const refuse = async (caseId: string, task: string, end: string, result: object) => {
    await abhView.decide(t.abh!, caseId, task, { outcome: 'REFUSED', ...result });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal(end);
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['RESIDENCE_PERMIT_DECISION', 'REFUSED'],
    ]);
    return done;
  };
  const notices = async (caseId: string) =>
    (await cases.status(caseId)).notices.map((n) => [n.kind, n.outcome]);

  it('extends a Blue Card for the contract plus three months; the title expiring meanwhile keeps the stay lawful', async () => {
    const applicant = person();
    const now = await h.engineClock.now();
    const firstEnd = dayAfter(now, 30);
    await grantFirstTitle(cases, tokens(), applicant, 'BLUE_CARD_18G', firstEnd);

    const caseId = await cases.start('residence-extension', { ...extensionExample, applicant });
    const pending = await cases.at(caseId, 'DecideExtension');
    // Nothing about the current title was asked: it comes from the evidence.
    const title = pending.outcome.residenceTitle as Title;
    expect(title).to.include({ kind: 'EU_BLUE_CARD', basis: '§18g AufenthG', validityMonths: 27 });
    expect(title.validityBasis).to.match(/^§18 \(4\) sentence 2 AufenthG/);
    const evidence = (await abhView.status(caseId)).outcome.evidence as Record<
      string,
      { valid: boolean; result: string } | null
    >;
    expect(evidence.RESIDENCE_TITLE).to.include({ valid: true, result: 'EU_BLUE_CARD' });
    expect(pending.deadlines.map((d) => d.elementId)).to.include('TitleExpiresWhilePending');
    expect(await notices(caseId)).to.deep.equal([]);

    // The title expires while the application is pending: §81 (4) AufenthG keeps it in force.
    await h.engineClock.advance(31 * DAY);
    const continued = await cases.until(caseId, 'interim certificate issued', (s) =>
      s.history.some((e) => e.elementId === 'StayContinuesUntilDecision'),
    );
    expect(continued.state).to.equal('ACTIVE');
    expect(continued.currentStages.map((s) => s.elementId)).to.include('DecideExtension');
    expect(continued.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['FIKTIONSBESCHEINIGUNG', 'ISSUED'],
    ]);
    const certificate = await request(h.gatewayUrl)
      .get(continued.notices[0]!.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(certificate.body.validFrom).to.equal(firstEnd);
    expect(certificate.body.body).to.include('§ 81 (4) AufenthG');

    const later = await h.engineClock.now();
    const newEnd = dayAfter(later, 27 * 30);
    await abhView.decide(t.abh!, caseId, 'DecideExtension', {
      outcome: 'GRANTED',
      abhReference: 'ABH-EXT-1',
      validUntil: newEnd,
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ExtensionGranted');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['FIKTIONSBESCHEINIGUNG', 'ISSUED'],
      ['RESIDENCE_PERMIT_DECISION', 'GRANTED'],
    ]);
    const decision = await request(h.gatewayUrl)
      .get(done.notices[1]!.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(decision.body.title).to.equal(
      'Decision on the residence title: EU Blue Card (§18g AufenthG)',
    );
    expect(decision.body.validUntil).to.equal(newEnd);
    expect(done.outcome.eatOrderId).to.be.a('string');

    // The next procedure sees the extended title and still counts from the first one.
    const settlement = await cases.start('settlement-permit', {
      ...settlementExample,
      applicant,
    });
    const check = await cases.at(settlement, 'DecideSettlementPermit');
    // Held since the first title (30 days before the extension), not since the extension.
    expect(check.outcome.residenceTitle as Title).to.include({
      kind: 'SETTLEMENT_PERMIT',
      eligible: false,
      requiredMonths: 21,
      requiredGermanLevel: 'B1',
      earliestDate: monthsAfter(dayAfter(now, 0), 21),
    });
    await withdraw(settlement);
  });

  it('extends a §18b permit for four years on a permanent contract; applied for late, no interim certificate; refused with a notice', async () => {
    const applicant = person();
    const now = await h.engineClock.now();
    await grantFirstTitle(
      cases,
      tokens(),
      applicant,
      'SKILLED_WORKER_DEGREE_18B',
      dayAfter(now, 5),
    );
    await h.engineClock.advance(7 * DAY); // the title has expired before the application

    const { contractFixedTermMonths: _c, ...permanent } = extensionExample;
    const caseId = await cases.start('residence-extension', { ...permanent, applicant });
    const pending = await cases.until(
      caseId,
      'no continued effect, office deciding',
      (s) =>
        s.history.some((e) => e.elementId === 'NoContinuedStay') &&
        s.currentStages.some((c) => c.elementId === 'DecideExtension'),
    );
    expect(pending.outcome.residenceTitle as Title).to.include({
      kind: 'RESIDENCE_PERMIT',
      basis: '§§18a, 18b AufenthG',
      validityMonths: 48,
    });
    expect(pending.history.map((e) => e.elementId)).to.not.include('IssueFiktionsbescheinigung');
    expect(pending.notices).to.deep.equal([]);

    const done = await refuse(caseId, 'DecideExtension', 'ExtensionRefused', {
      abhReference: 'ABH-EXT-2',
      reason: 'Antrag nach Ablauf des Titels, keine unbillige Härte',
    });
    expect(done.outcome.eatOrderId ?? null).to.equal(null);
  });

  it('a Blue Card with A1 is not yet due: 27 months, the earliest date from the first title; refused with a notice', async () => {
    const applicant = person();
    const now = await h.engineClock.now();
    await grantFirstTitle(cases, tokens(), applicant, 'BLUE_CARD_18G', dayAfter(now, 4 * 365));
    const caseId = await cases.start('settlement-permit', {
      ...settlementExample,
      applicant,
      germanLanguageLevel: 'A1',
    });
    const pending = await cases.at(caseId, 'DecideSettlementPermit');
    expect(pending.outcome.residenceTitle as Title).to.include({
      kind: 'SETTLEMENT_PERMIT',
      basis: '§18c (2) AufenthG',
      eligible: false,
      requiredMonths: 27,
      requiredGermanLevel: 'A1',
      earliestDate: monthsAfter(dayAfter(now, 0), 27),
    });
    await refuse(caseId, 'DecideSettlementPermit', 'SettlementRefused', {
      abhReference: 'ABH-NE-1',
      reason: '§ 18c Abs. 2 AufenthG: 27 Monate noch nicht erreicht',
    });
  });

  it('grants the settlement permit to a Blue Card holder with B1 after 21 months (clock moved), without asking for the title', async () => {
    const applicant = person();
    const now = await h.engineClock.now();
    await grantFirstTitle(cases, tokens(), applicant, 'BLUE_CARD_18G', dayAfter(now, 4 * 365));
    await h.engineClock.advance(22 * 31 * DAY);

    const caseId = await cases.start('settlement-permit', { ...settlementExample, applicant });
    const pending = await cases.at(caseId, 'DecideSettlementPermit');
    expect(pending.outcome.residenceTitle as Title).to.include({
      kind: 'SETTLEMENT_PERMIT',
      basis: '§18c (2) AufenthG',
      eligible: true,
      requiredMonths: 21,
      rule: '§18c (2) sentence 2 AufenthG: 21 months, German B1',
    });
    await abhView.decide(t.abh!, caseId, 'DecideSettlementPermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-NE-2',
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('SettlementGranted');
    const notice = await request(h.gatewayUrl)
      .get(done.notices.find((n) => n.kind === 'RESIDENCE_PERMIT_DECISION')!.href)
      .set('authorization', `Bearer ${t.applicant}`)
      .set('accept-language', 'en');
    expect(notice.body.title).to.equal(
      'Decision on the residence title: settlement permit (§18c (2) AufenthG)',
    );
    expect(done.outcome.eatOrderId).to.be.a('string');
    const azr = [...h.simulators.azr.effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );
    expect(JSON.stringify(azr.map((e) => e.body))).to.include('SETTLEMENT_PERMIT');

    // Recorded once-only: a later procedure finds an unlimited title.
    const after = await cases.start('residence-extension', { ...extensionExample, applicant });
    const unlimited = await abhView.at(after, 'DecideExtension');
    expect(unlimited.outcome.residenceTitle).to.deep.include({
      kind: 'SETTLEMENT_PERMIT',
      validityMonths: null,
      validityBasis: '§9 (1) AufenthG: no end, nothing to extend',
    });
    const evidence = (
      unlimited.outcome.evidence as Record<
        string,
        { valid: boolean; result: string; validUntil: string } | null
      >
    ).RESIDENCE_TITLE;
    expect(evidence).to.include({ valid: true, result: 'SETTLEMENT_PERMIT' });
    expect(Date.parse(evidence!.validUntil)).to.be.greaterThan(now + 50 * 365 * DAY);
    await withdraw(after);
  });
});
