import { expect } from 'chai';
import type {
  AzrAdapter,
  EatProductionAdapter,
} from '../../../workers/adapters/residence-partners.js';
import { orderEat } from '../../../workers/residence/order-eat.js';
import { reportDecisionToAzr } from '../../../workers/residence/report-decision-to-azr.js';
import { reportToAzr } from '../../../workers/residence/report-to-azr.js';
import {
  APPLICANT,
  expectCompletes,
  expectIncidentAtOnce,
  expectSchemaInvalid,
  IDEMPOTENCY_KEY,
  partnerCallTests,
  recording,
} from './support.js';

/** The residence workers with hand-written AZR and eAT production adapters. */
const azr: AzrAdapter = { report: async () => ({ azrNumber: 'AZR-0123456789ab' }) };

const eat: EatProductionAdapter = {
  order: async () => ({ orderId: 'EAT-77', expectedDelivery: '2026-12-28' }),
};

describe('worker azr.report-residence', () => {
  const input = () => ({ caseId: 'case-1', applicant: { ...APPLICANT }, abhCode: 'ABH-DD' });

  it('success: reports the application once and completes with the AZR number', async () => {
    const { fake, calls } = recording(azr);
    const worker = reportToAzr(fake);
    expect(worker.type).to.equal('azr.report-residence');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      azrNumber: 'AZR-0123456789ab',
    });
    const report = { ...input(), event: 'RESIDENCE_TITLE_APPLIED' };
    const call = { method: 'report', args: [report, IDEMPOTENCY_KEY] };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error: a report has no business outcome. The business branch is a refusal or
  // data the AZR rejects: an incident at once (partnerCallTests).
  partnerCallTests({
    worker: reportToAzr,
    adapter: azr,
    method: 'report',
    keyArg: 1,
    input,
    bpmnErrorCodes: [],
  });
});

describe('worker azr.report-decision', () => {
  const input = () => ({
    caseId: 'case-1',
    applicant: { ...APPLICANT },
    azrReport: {
      event: 'RESIDENCE_TITLE_GRANTED' as const,
      authority: 'ABH-DD',
      outcome: 'GRANTED',
      reference: 'ABH-DD-2026-17',
      titleKind: 'EU_BLUE_CARD',
      basis: '§18g AufenthG',
      validUntil: '2030-11-30',
    },
  });

  it('success: reports the decision once, without empty fields, and completes', async () => {
    const { fake, calls } = recording(azr);
    const worker = reportDecisionToAzr(fake);
    expect(worker.type).to.equal('azr.report-decision');
    const out = await expectCompletes(worker, {
      ...input(),
      azrReport: { ...input().azrReport, validUntil: null },
    });
    expect(Date.parse(String(out.azrReportedAt))).to.be.greaterThan(0);
    const { event, validUntil: _, ...decision } = input().azrReport;
    const report = { caseId: 'case-1', applicant: APPLICANT, event, decision };
    const call = { method: 'report', args: [report, IDEMPOTENCY_KEY] };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error: the AZR keeps the decision, nothing to decide on. A refusal or rejected
  // data is an incident at once (partnerCallTests).
  partnerCallTests({
    worker: reportDecisionToAzr,
    adapter: azr,
    method: 'report',
    keyArg: 1,
    input,
    bpmnErrorCodes: [],
  });
});

describe('worker eat.order-card', () => {
  const permitDecision = {
    outcome: 'GRANTED' as const,
    abhReference: 'ABH-DD-2026-17',
    validUntil: '2030-11-30',
  };
  const input = () => ({
    caseId: 'case-1',
    applicant: { ...APPLICANT },
    permitDecision: { ...permitDecision },
  });

  it('success: orders the card for the granted permit and completes with the order', async () => {
    const { fake, calls } = recording(eat);
    const worker = orderEat(fake);
    expect(worker.type).to.equal('eat.order-card');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      eatOrderId: 'EAT-77',
      eatExpectedDelivery: '2026-12-28',
    });
    const order = { caseId: 'case-1', applicant: APPLICANT, permit: permitDecision };
    const call = { method: 'order', args: [order, IDEMPOTENCY_KEY] };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error. The business rule it has: a card only for a granted permit. A refused
  // one never reaches the handler (the input schema refuses it: an incident at once).
  it('business: orders no card for a refused permit', async () => {
    const { fake, calls } = recording(eat);
    const refused = {
      ...input(),
      permitDecision: { outcome: 'REFUSED', abhReference: 'ABH-DD-2026-17', reason: 'no funds' },
    };
    expectSchemaInvalid(orderEat(fake), 'input', refused);
    const cmd = await expectIncidentAtOnce(orderEat(fake), refused);
    expect(cmd.errorMessage).to.match(/^bad input for eat.order-card: \/permitDecision\/outcome/);
    expect(calls).to.deep.equal([]);
  });

  it('a delivery date that is no date breaks the output contract: an incident at once', async () => {
    const { fake } = recording(eat, {
      order: async () => ({ orderId: 'EAT-77', expectedDelivery: '28.12.2026' }),
    });
    const cmd = await expectIncidentAtOnce(orderEat(fake), input());
    expect(cmd.errorMessage).to.contain('produced invalid output');
  });

  partnerCallTests({
    worker: orderEat,
    adapter: eat,
    method: 'order',
    keyArg: 1,
    input,
    bpmnErrorCodes: [],
  });
});
