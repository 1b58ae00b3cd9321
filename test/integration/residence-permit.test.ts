import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import rpExample from '../../processes/residence-permit/examples/application.json' with { type: 'json' };
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import baExample from '../../processes/ba-approval/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { APPLICANT, BA_PARTNER, BVA, MISSION, newKey } from '../support/fixtures.js';
import { CaseClient } from '../support/case-client.js';

/**
 * Residence permit after entry, and once-only evidence: the BVA security check the visa
 * procedure recorded is reused, not asked again; the BA only when employment changed.
 */
const ABH: Principal = { subject: 'abh-dresden', role: 'caseworker', authority: 'ABH' };

describe('residence permit: once-only evidence from the visa procedure', function () {
  this.timeout(90_000);
  let h: Harness;
  const tokens: Record<string, string> = {};
  let cases: CaseClient;
  let abhView: CaseClient;

  before(async () => {
    h = await getHarness();
    for (const [name, p] of Object.entries({
      applicant: APPLICANT,
      mission: MISSION,
      bva: BVA,
      abh: ABH,
      ba: BA_PARTNER,
    }))
      tokens[name] = await h.token(p);
    cases = new CaseClient(h.gatewayUrl, tokens.applicant!);
    // The once-only evidence is shown to the authorities only (data minimisation).
    abhView = new CaseClient(h.gatewayUrl, tokens.abh!);
  });

  /** A person of their own, so evidence recorded by other tests does not count. */
  const person = () => ({
    ...rpExample.applicant,
    applicantId: APPLICANT.subject,
    familyName: `Sharma-${randomUUID().slice(0, 8)}`,
  });
  const start = (procedure: string, body: object) => cases.start(procedure, body);
  const status = (caseId: string) => cases.status(caseId);
  const at = (caseId: string, elementId: string) => cases.at(caseId, elementId);
  const send = async (who: string, caseId: string, message: string, payload: object) => {
    const res = await cases.send(tokens[who]!, caseId, message, payload);
    expect(res.status, `${message}: ${JSON.stringify(res.body)}`).to.equal(202);
  };
  const effectsFor = (sim: keyof Harness['simulators'], caseId: string) =>
    [...h.simulators[sim].effects.values()].filter(
      (e) => (e.body as { caseId: string }).caseId === caseId,
    );

  it('reuses the security check of the visa procedure instead of asking the BVA again', async () => {
    const applicant = person();
    const visaCase = await start('visa', { ...visaExample, applicant });
    await at(visaCase, 'AwaitApplicationLodged');
    await send('mission', visaCase, 'visa-application-lodged', {
      missionReference: 'NDL-R',
      biometricsCaptured: true,
    });
    await at(visaCase, 'AwaitSecurityResult');
    await send('bva', visaCase, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'BVA-VISA-1',
    });
    await at(visaCase, 'AwaitVisaDecision'); // the result is recorded on the way

    const rpCase = await start('residence-permit', { ...rpExample, applicant });
    const waiting = await at(rpCase, 'DecideResidencePermit');
    const evidence = (
      (await abhView.status(rpCase)).outcome.evidence as Record<
        string,
        { valid: boolean; basis: string; authority: string; caseId: string } | null
      >
    ).SECURITY_CHECK;
    expect(evidence).to.include({
      valid: true,
      basis: 'BVA-VISA-1',
      authority: 'BVA',
      caseId: visaCase,
    });
    expect(waiting.history.map((e) => e.elementId)).to.not.include('RequestSecurityConsultation');
    expect(effectsFor('bva', rpCase)).to.have.length(0);
    expect(effectsFor('azr', rpCase)).to.have.length(1);
    expect(waiting.outcome.azrNumber).to.match(/^AZR-/);

    await abhView.decide(tokens.abh!, rpCase, 'DecideResidencePermit', {
      outcome: 'GRANTED',
      abhReference: 'ABH-DD-1',
      validUntil: '2030-12-31',
    });
    const done = await eventually(async () => {
      const s = await status(rpCase);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'completed');
    expect(done.finalStage?.elementId).to.equal('PermitGranted');
    expect(effectsFor('eat', rpCase)).to.have.length(1);
    expect(done.outcome.eatOrderId).to.equal(
      (effectsFor('eat', rpCase)[0]!.result as { orderId: string }).orderId,
    );
  });

  it('asks the BVA when nothing was verified yet, and the BA only when the employment changed', async () => {
    const applicant = person();
    const { employer, jobOffer } = baExample;
    const rpCase = await start('residence-permit', {
      ...rpExample,
      applicant,
      employmentChanged: true,
      employer,
      jobOffer: { ...jobOffer, grossAnnualSalaryEur: 52000 },
    });
    await at(rpCase, 'AwaitSecurityResult');
    expect(
      ((await abhView.status(rpCase)).outcome.evidence as Record<string, unknown>).SECURITY_CHECK,
    ).to.equal(null);
    expect(effectsFor('bva', rpCase)).to.have.length(1);
    await send('bva', rpCase, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'BVA-RP-2',
    });

    await at(rpCase, 'AwaitBaDecision');
    const baRequest = effectsFor('ba', rpCase);
    expect(baRequest).to.have.length(1);
    expect(
      (baRequest[0]!.body as { jobOffer: { grossAnnualSalaryEur: number } }).jobOffer
        .grossAnnualSalaryEur,
    ).to.equal(52000);
    await send('ba', rpCase, 'ba-zustimmung-decision', {
      outcome: 'APPROVED',
      baReference: 'BA-RP-2',
    });
    await at(rpCase, 'DecideResidencePermit');
    await abhView.decide(tokens.abh!, rpCase, 'DecideResidencePermit', {
      outcome: 'REFUSED',
      abhReference: 'ABH-DD-2',
      reason: 'Lebensunterhalt nicht gesichert',
    });
    const done = await eventually(async () => {
      const s = await status(rpCase);
      return s.state === 'COMPLETED' ? s : undefined;
    }, 'completed');
    expect(done.finalStage?.elementId).to.equal('PermitRefused');
    expect(done.outcome.zustimmungOutcome).to.equal('APPROVED');
    expect(effectsFor('eat', rpCase)).to.have.length(0);

    // Recorded once: the next procedure of this person reuses it.
    const next = await start('residence-permit', { ...rpExample, applicant });
    await at(next, 'DecideResidencePermit');
    const reused = await abhView.status(next);
    expect(
      (reused.outcome.evidence as Record<string, { basis: string }>).SECURITY_CHECK!.basis,
    ).to.equal('BVA-RP-2');
  });

  it('needs the employer and job offer when the employment changed (400 names them)', async () => {
    const res = await request(h.gatewayUrl)
      .post('/api/v1/procedures/residence-permit/cases')
      .set('authorization', `Bearer ${tokens.applicant}`)
      .set('idempotency-key', newKey())
      .send({ ...rpExample, applicant: person(), employmentChanged: true });
    expect(res.status).to.equal(400);
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).to.include.members([
      '/employer',
      '/jobOffer',
    ]);
  });
});
