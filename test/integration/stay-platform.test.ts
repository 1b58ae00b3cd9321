import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import settlementExample from '../../processes/settlement-permit/examples/application.json' with { type: 'json' };
import { loadProcedures } from '../../processes/registry.js';
import type { Principal } from '../../gateway/auth.js';
import type { KpiReport } from '../../monitoring/kpis.js';
import { MIN_COMPARABLE } from '../../monitoring/expected-decision.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, BVA } from '../support/fixtures.js';
import { dayAfter, grantFirstTitle } from '../support/stay-steps.js';

/**
 * Issue 19: a new procedure needs no code beyond its workers. The two stay procedures (which
 * need no new worker at all) are listed for the modeler, pass the deploy gate, have an element
 * template for every task type they use, and appear on the operations dashboard's KPIs with
 * their steps' texts once a case has run, and a case gets an expected decision date from the
 * cases decided before.
 */
const OWNER: Principal = { subject: 'po-stay', role: 'process-owner' };
const OPERATOR: Principal = { subject: 'op-stay', role: 'operator' };
const ABH: Principal = { subject: 'abh-stay-ops', role: 'caseworker', authority: 'ABH' };
const STAY = ['residence-extension', 'settlement-permit'];

describe('stay procedures: modeler, deploy gate and operations pick them up', function () {
  this.timeout(90_000);
  let h: Harness;
  let owner: string;
  const procedures = loadProcedures();
  // Both procedures deploy the shared abh-competence table: one deployment names it once.
  const resources = [
    ...new Map(
      STAY.flatMap((name) => procedures.get(name)!.resourcePaths).map((file) => [
        path.basename(file),
        { name: path.basename(file), content: readFileSync(file, 'utf8') },
      ]),
    ).values(),
  ];

  before(async () => {
    h = await getHarness();
    owner = await h.token(OWNER);
  });

  it('lists their models and decisions in the modeler and passes the deploy gate', async () => {
    const models = await request(h.gatewayUrl)
      .get('/api/v1/models')
      .set('authorization', `Bearer ${owner}`);
    expect(models.status).to.equal(200);
    const ours = (models.body.repository as { name: string; procedure: string | null }[])
      .filter((m) => m.procedure !== null && STAY.includes(m.procedure))
      .map((m) => m.name)
      .sort();
    expect(ours).to.deep.equal([
      'extension-validity.dmn',
      'residence-extension.bpmn',
      'settlement-conditions.dmn',
      'settlement-permit.bpmn',
    ]);
    const checked = await request(h.gatewayUrl)
      .post('/api/v1/deployments')
      .set('authorization', `Bearer ${owner}`)
      .send({ resources, dryRun: true });
    expect(checked.status, JSON.stringify(checked.body)).to.equal(200);
    expect(checked.body).to.deep.equal({ checked: true, deployed: [] });
  });

  it('offers an element template for every task type their models use', async () => {
    const topics = new Set(
      resources.flatMap((r) =>
        [...r.content.matchAll(/camunda:topic="([^"]+)"/g)].map((m) => m[1]!),
      ),
    );
    expect([...topics].sort()).to.deep.equal([
      'azr.report-decision',
      'eat.order-card',
      'evidence.look-up',
      'evidence.record',
      'notice.issue',
    ]);
    const templates = await request(h.gatewayUrl)
      .get('/api/v1/element-templates')
      .set('authorization', `Bearer ${owner}`);
    const ids = (templates.body as { id: string }[]).map((t) => t.id);
    for (const topic of topics) expect(ids, topic).to.include(`wsa.${topic}`);
  });

  it('shows a settlement case on the operations dashboard: counts and step texts', async () => {
    const [applicantToken, bva, abh, operator] = await Promise.all([
      h.token(APPLICANT),
      h.token(BVA),
      h.token(ABH),
      h.token(OPERATOR),
    ]);
    const cases = new CaseClient(h.gatewayUrl, applicantToken);
    const applicant = {
      ...settlementExample.applicant,
      applicantId: APPLICANT.subject,
      familyName: `Ops-${randomUUID().slice(0, 8)}`,
    };
    const now = await h.engineClock.now();
    await grantFirstTitle(cases, { bva, abh }, applicant, 'BLUE_CARD_18G', dayAfter(now, 1000));
    const kpis = async () =>
      (await request(h.gatewayUrl).get('/api/v1/kpis').set('authorization', `Bearer ${operator}`))
        .body as KpiReport;
    const before =
      (await kpis()).procedures.find((p) => p.procedure === 'settlement-permit')?.completed ?? 0;

    const caseId = await cases.start('settlement-permit', { ...settlementExample, applicant });
    await cases.decide(abh, caseId, 'DecideSettlementPermit', {
      outcome: 'REFUSED',
      abhReference: 'ABH-OPS-1',
      reason: 'Lebensunterhalt nicht gesichert',
    });
    await cases.finished(caseId);

    const report = await eventually(async () => {
      const r = await kpis();
      const row = r.procedures.find((p) => p.procedure === 'settlement-permit');
      return row && row.completed > before ? r : undefined;
    }, 'the settlement case counted');
    const step = report.steps.find(
      (s) => s.procedure === 'settlement-permit' && s.elementId === 'DecideSettlementPermit',
    );
    expect(step).to.include({
      label: 'The immigration office decides on the settlement permit',
      awaiting: 'ABH',
    });
    expect(step!.time.count).to.be.at.least(1);
  });

  it('predicts the decision of a settlement case from the ones decided before', async () => {
    const [applicantToken, abh] = await Promise.all([h.token(APPLICANT), h.token(ABH)]);
    const cases = new CaseClient(h.gatewayUrl, applicantToken);
    const apply = () =>
      cases.start('settlement-permit', {
        ...settlementExample,
        applicant: {
          ...settlementExample.applicant,
          applicantId: APPLICANT.subject,
          familyName: `Ops-${randomUUID().slice(0, 8)}`,
        },
      });
    // Enough decided cases to learn from (no title on record: the office refuses at once).
    for (let i = 0; i < MIN_COMPARABLE; i++) {
      const caseId = await apply();
      await cases.decide(abh, caseId, 'DecideSettlementPermit', {
        outcome: 'REFUSED',
        abhReference: `ABH-OPS-P${i}`,
        reason: 'Kein Aufenthaltstitel nach §§ 18a, 18b, 18d, 18g AufenthG',
      });
      await cases.finished(caseId);
    }
    const caseId = await apply();
    const predicted = await cases.until(
      caseId,
      'a prediction',
      (s) =>
        s.currentStages.some((c) => c.elementId === 'DecideSettlementPermit') &&
        s.expectedDecision !== null,
    );
    expect(predicted.expectedDecision!.comparableCases).to.be.at.least(MIN_COMPARABLE);
    expect(Date.parse(predicted.expectedDecision!.expectedAt)).to.be.at.least(
      Date.parse(predicted.expectedDecision!.earliest),
    );
    await cases.decide(abh, caseId, 'DecideSettlementPermit', {
      outcome: 'REFUSED',
      abhReference: 'ABH-OPS-P',
      reason: 'Kein Aufenthaltstitel nach §§ 18a, 18b, 18d, 18g AufenthG',
    });
  });
});
