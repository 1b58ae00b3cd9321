import { expect } from 'chai';
import type { BaZustimmungAdapter } from '../../../workers/adapters/ba-zustimmung.js';
import { submitAdditionalInformation } from '../../../workers/ba/submit-additional-information.js';
import { submitZustimmungRequest } from '../../../workers/ba/submit-zustimmung-request.js';
import { BadDataError, PartnerRefusal } from '../../../workers/framework/errors.js';
import exampleApplication from '../../../processes/ba-approval/examples/application.json' with { type: 'json' };
import {
  expectCompletes,
  expectIncidentAtOnce,
  expectPartnerFailuresRetried,
  expectSameKeyOnEveryAttempt,
  IDEMPOTENCY_KEY,
  notCalled,
  recording,
} from './support.js';

/** The BA workers with a hand-written BA (AMZ) adapter. */
const RECEIVED_AT = '2026-11-30T10:00:00.000Z';

function fakeBa(overrides: Partial<BaZustimmungAdapter> = {}) {
  return recording<BaZustimmungAdapter>({
    submitRequest: async () => ({ baRequestId: 'BA-2026-0001', receivedAt: RECEIVED_AT }),
    submitInformation: async () => ({ receivedAt: RECEIVED_AT }),
    ...overrides,
  });
}

describe('worker ba.submit-zustimmung-request', () => {
  const input = () => ({ caseId: 'case-1', ...structuredClone(exampleApplication) });

  it('success: submits the job offer once and completes with the BA request id', async () => {
    const { fake, calls } = fakeBa();
    const worker = submitZustimmungRequest(fake);
    expect(worker.type).to.equal('ba.submit-zustimmung-request');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      baRequestId: 'BA-2026-0001',
      baRequestSubmittedAt: RECEIVED_AT,
    });
    const { caseId, accelerated, employer, applicant, jobOffer } = input();
    const call = {
      method: 'submitRequest',
      args: [{ caseId, accelerated, employer, applicant, jobOffer }, IDEMPOTENCY_KEY],
    };
    expect(calls).to.deep.equal([call, call]);
  });

  // The BA's decision comes later as a message: submitting has no BPMN error. What the BA may
  // refuse at submission (a 409/422 refusal, a 400 for data it cannot read) is not a modelled
  // outcome, so it raises an incident at once instead of being retried.
  it('business: declares no BPMN error; a BA refusal or rejected data is an incident at once', async () => {
    expect(submitZustimmungRequest(fakeBa().fake).bpmnErrorCodes ?? []).to.deep.equal([]);
    const refusal = new PartnerRefusal('answered 422 DUPLICATE', 'DUPLICATE', {});
    const refused = submitZustimmungRequest(
      fakeBa({ submitRequest: () => Promise.reject(refusal) }).fake,
    );
    expect((await expectIncidentAtOnce(refused, input())).errorMessage).to.contain('DUPLICATE');
    const rejected = submitZustimmungRequest(
      fakeBa({ submitRequest: () => Promise.reject(new BadDataError('answered 400')) }).fake,
    );
    expect((await expectIncidentAtOnce(rejected, input())).errorMessage).to.contain('400');
  });

  it('partner failure: retried with back-off, an incident when the retries run out', () =>
    expectPartnerFailuresRetried(input(), (failing) =>
      submitZustimmungRequest({ submitRequest: failing, submitInformation: notCalled }),
    ));

  it('idempotency: every attempt passes the task key unchanged to the BA', async () => {
    const { fake, calls } = fakeBa();
    await expectSameKeyOnEveryAttempt(
      submitZustimmungRequest(fake),
      input(),
      calls,
      (c) => c.args[1],
    );
  });
});

describe('worker ba.submit-additional-information', () => {
  const input = () => ({
    caseId: 'case-1',
    baRequestId: 'BA-2026-0001',
    employerInformation: {
      answers: ['The salary includes the 13th month.'],
      jobOfferChanges: { weeklyHours: 40 },
    },
  });

  it("success: passes the employer's answer on and completes with when the BA received it", async () => {
    const { fake, calls } = fakeBa();
    const worker = submitAdditionalInformation(fake);
    expect(worker.type).to.equal('ba.submit-additional-information');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      baInformationSubmittedAt: RECEIVED_AT,
    });
    const call = {
      method: 'submitInformation',
      args: [
        'BA-2026-0001',
        {
          caseId: 'case-1',
          answers: ['The salary includes the 13th month.'],
          jobOfferChanges: { weeklyHours: 40 },
        },
        IDEMPOTENCY_KEY,
      ],
    };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error either: the BA answers later by message. A BA request id the BA does not
  // know (a 4xx) cannot get better by retrying, so it is an incident at once.
  it('business: declares no BPMN error; an unknown BA request is an incident at once', async () => {
    expect(submitAdditionalInformation(fakeBa().fake).bpmnErrorCodes ?? []).to.deep.equal([]);
    const worker = submitAdditionalInformation(
      fakeBa({ submitInformation: () => Promise.reject(new BadDataError('answered 404')) }).fake,
    );
    expect((await expectIncidentAtOnce(worker, input())).errorMessage).to.contain('404');
  });

  it('partner failure: retried with back-off, an incident when the retries run out', () =>
    expectPartnerFailuresRetried(input(), (failing) =>
      submitAdditionalInformation({ submitRequest: notCalled, submitInformation: failing }),
    ));

  it('idempotency: every attempt passes the task key unchanged to the BA', async () => {
    const { fake, calls } = fakeBa();
    const worker = submitAdditionalInformation(fake);
    await expectSameKeyOnEveryAttempt(worker, input(), calls, (c) => c.args[2]);
  });
});
