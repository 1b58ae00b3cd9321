import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import example from '../../processes/abh-consent/examples/application.json' with { type: 'json' };
import visaExample from '../../processes/visa/examples/application.json' with { type: 'json' };
import type { Principal } from '../../gateway/auth.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { APPLICANT, BVA, MISSION } from '../support/fixtures.js';
import { CaseClient } from '../support/case-client.js';

const DAY = 24 * 60 * 60 * 1000;

const abh = (office: string | undefined, subject: string): Principal => ({
  subject,
  role: 'caseworker',
  authority: 'ABH',
  ...(office ? { office } : {}),
});

/**
 * The immigration office's consent to a visa (§31 AufenthV, issue 19 item 5) on the real
 * engine: the decision table abh-consent-rules says whether it is needed and whether it is
 * deemed given after a silence period; the task goes to the competent office only; the visa
 * asks it before the mission decides and turns a refusal into the visa refusal.
 */
describe('abh-consent: the immigration office consents to a visa (§31 AufenthV)', function () {
  this.timeout(120_000);
  let h: Harness;
  let cases: CaseClient;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    cases = new CaseClient(h.gatewayUrl, await h.token(APPLICANT));
    [t.dresden, t.leipzig, t.mission, t.bva] = await Promise.all([
      h.token(abh('DE-SN-DRESDEN', 'abh-dd-consent')),
      h.token(abh('DE-SN-LEIPZIG', 'abh-l-consent')),
      h.token(MISSION),
      h.token(BVA),
    ]);
  });

  const person = () => ({
    ...example.applicant,
    applicantId: APPLICANT.subject,
    familyName: `Sharma-${randomUUID().slice(0, 8)}`,
  });
  const start = (extra: object) =>
    cases.start('abh-consent', { ...example, applicant: person(), ...extra });
  const tasksOf = (who: string, caseId: string) =>
    request(h.gatewayUrl)
      .get(`/api/v1/tasks?caseId=${caseId}`)
      .set('authorization', `Bearer ${t[who]}`);

  it('asks the local office for a family visa; another office neither sees nor decides it', async () => {
    const caseId = await start({});
    const asked = await cases.at(caseId, 'DecideVisaConsent');
    expect(asked.currentStages[0]!.awaiting).to.equal('ABH');
    const seen = await eventually(async () => {
      const res = await tasksOf('dresden', caseId);
      return res.body.total === 1 ? res.body : undefined;
    }, 'the consent task in the Dresden inbox');
    const taskKey = (seen.tasks as { taskKey: string }[])[0]!.taskKey;
    expect((await tasksOf('leipzig', caseId)).body.total).to.equal(0);
    const wrong = await cases.completeTask(t.leipzig!, caseId, taskKey, {
      outcome: 'GRANTED',
      abhReference: 'ABH-L-1',
    });
    expect(wrong.status).to.be.oneOf([403, 404]);
    const bad = await cases.completeTask(t.dresden!, caseId, taskKey, {
      outcome: 'REFUSED',
      abhReference: 'ABH-DD-1',
    });
    expect(bad.status, 'a refusal without reasons').to.equal(400);
    expect(JSON.stringify(bad.body)).to.contain('reason');
    const done = await cases.completeTask(t.dresden!, caseId, taskKey, {
      outcome: 'REFUSED',
      abhReference: 'ABH-DD-1',
      reason: 'Wohnraum nicht ausreichend (§29 Abs. 1 AufenthG)',
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('ConsentRefused');
  });

  it('needs no consent for skilled work, nor in the accelerated procedure', async () => {
    for (const extra of [
      { route: 'BLUE_CARD_18G' },
      { route: 'FAMILY_SPOUSE_30', accelerated: true },
    ]) {
      const done = await cases.finished(await start(extra));
      expect(done.finalStage?.elementId, JSON.stringify(extra)).to.equal('ConsentNotRequired');
    }
  });

  it('asks for explicit consent after an earlier tolerated stay', async () => {
    const caseId = await start({ route: 'SKILLED_WORKER_DEGREE_18B', priorToleratedStay: true });
    await cases.decide(t.dresden!, caseId, 'DecideVisaConsent', {
      outcome: 'GRANTED',
      abhReference: 'ABH-DD-2',
    });
    expect((await cases.finished(caseId)).finalStage?.elementId).to.equal('ConsentGiven');
  });

  it('deems the consent given when the silence period passes without an objection', async () => {
    const caseId = await start({ route: 'BLUE_CARD_18G', securityConsultationOrdered: true });
    const waiting = await cases.at(caseId, 'DecideVisaConsentWithinSilence');
    expect(waiting.currentStages[0]!.awaiting).to.equal('ABH');
    // The silence period is a deadline with legal effect: shown as such, and it bounds the prediction.
    const silence = waiting.deadlines.find((d) => d.elementId === 'ConsentDeemedGiven');
    expect(silence, JSON.stringify(waiting.deadlines)).to.not.equal(undefined);
    expect(silence!.kind).to.equal('legal-effect');
    await h.engineClock.advance(11 * DAY);
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('ConsentDeemed');
    expect(done.history.map((e) => e.elementId)).to.include('ConsentDeemedGiven');
  });

  it('lets the visa ask for the consent and refuses the visa when it is refused', async () => {
    const caseId = await cases.start('visa', {
      ...visaExample,
      accelerated: false,
      applicant: person(),
      abhCode: 'DE-SN-DRESDEN',
      priorToleratedStay: true,
    });
    await cases.at(caseId, 'AwaitApplicationLodged');
    const lodged = await cases.send(t.mission!, caseId, 'visa-application-lodged', {
      missionReference: 'NDL-C-1',
      biometricsCaptured: true,
    });
    expect(lodged.status, JSON.stringify(lodged.body)).to.equal(202);
    await cases.at(caseId, 'AwaitSecurityResult');
    const security = await cases.send(t.bva!, caseId, 'bva-security-result', {
      result: 'NO_CONCERNS',
      bvaReference: 'BVA-C-1',
    });
    expect(security.status, JSON.stringify(security.body)).to.equal(202);
    await cases.decide(t.dresden!, caseId, 'DecideVisaConsent', {
      outcome: 'REFUSED',
      abhReference: 'ABH-DD-3',
      reason: 'Aufenthaltsbeendende Maßnahmen ausstehend',
    });
    const done = await cases.finished(caseId);
    expect(done.finalStage?.elementId).to.equal('VisaRefused');
    expect(done.notices.map((n) => [n.kind, n.outcome])).to.deep.equal([
      ['VISA_DECISION', 'REFUSED'],
    ]);
  });

  it('is in the KPIs: its cases, its named steps and the silence period as a statutory deadline', async () => {
    const operator = await h.token({ subject: 'op-consent', role: 'operator' });
    type Report = {
      procedures: { procedure: string; completed: number; deadlines: { missed: number } }[];
      steps: { procedure: string; elementId: string }[];
    };
    const report = await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .get('/api/v1/kpis')
        .set('authorization', `Bearer ${operator}`);
      const body = res.body as Report;
      const p = body.procedures.find((x) => x.procedure === 'abh-consent');
      return p && p.completed >= 4 && p.deadlines.missed >= 1 ? body : undefined;
    }, 'the abh-consent cases in the KPIs');
    expect(
      report.steps.filter((s) => s.procedure === 'abh-consent').map((s) => s.elementId),
    ).to.include.members(['DecideVisaConsent', 'DecideVisaConsentWithinSilence']);
  });
});
