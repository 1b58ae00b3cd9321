import { expect } from 'chai';
import type { BaZustimmungAdapter } from '../../../workers/adapters/ba-zustimmung.js';
import { submitAdditionalInformation } from '../../../workers/ba/submit-additional-information.js';
import { submitZustimmungRequest } from '../../../workers/ba/submit-zustimmung-request.js';
import exampleApplication from '../../../processes/ba-approval/examples/application.json' with { type: 'json' };
import { expectCompletes, IDEMPOTENCY_KEY, partnerCallTests, recording } from './support.js';

/** The BA workers with a hand-written BA (AMZ) adapter. */
const RECEIVED_AT = '2026-11-30T10:00:00.000Z';

const ba: BaZustimmungAdapter = {
  submitRequest: async () => ({ baRequestId: 'BA-2026-0001', receivedAt: RECEIVED_AT }),
  submitInformation: async () => ({ receivedAt: RECEIVED_AT }),
};

describe('worker ba.submit-zustimmung-request', () => {
  const input = () => ({ caseId: 'case-1', ...structuredClone(exampleApplication) });

  it('success: submits the job offer once and completes with the BA request id', async () => {
    const { fake, calls } = recording(ba);
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

  // No BPMN error: the BA's decision comes later as a message. The business branch is what the
  // BA may refuse at submission (a 409/422 refusal, a 400): no modelled outcome, so an
  // incident at once instead of retries (partnerCallTests' business test).
  partnerCallTests({
    worker: submitZustimmungRequest,
    adapter: ba,
    method: 'submitRequest',
    keyArg: 1,
    input,
    bpmnErrorCodes: [],
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
    const { fake, calls } = recording(ba);
    const worker = submitAdditionalInformation(fake);
    expect(worker.type).to.equal('ba.submit-additional-information');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      baInformationSubmittedAt: RECEIVED_AT,
    });
    const { caseId, baRequestId, employerInformation } = input();
    const call = {
      method: 'submitInformation',
      args: [baRequestId, { caseId, ...employerInformation }, IDEMPOTENCY_KEY],
    };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error either: the BA answers later by message. A BA request the BA does not know
  // (a 4xx) cannot get better by retrying: an incident at once (partnerCallTests).
  partnerCallTests({
    worker: submitAdditionalInformation,
    adapter: ba,
    method: 'submitInformation',
    keyArg: 2,
    input,
    bpmnErrorCodes: [],
  });
});
