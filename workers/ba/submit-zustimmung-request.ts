import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import { zustimmungRequestSchema, type BaZustimmungAdapter } from '../adapters/ba-zustimmung.js';

/**
 * ba.submit-zustimmung-request: hands the employer's job offer to the BA, once.
 * The BA's answer comes later as the message `ba-zustimmung-decision`.
 */
export function submitZustimmungRequest(ba: BaZustimmungAdapter) {
  return defineWorker({
    type: 'ba.submit-zustimmung-request',
    description: 'Submit the job offer to the BA for its approval (Zustimmung, §39 AufenthG)',
    inputSchema: zustimmungRequestSchema,
    outputSchema: closedObject({
      baRequestId: nonEmptyString,
      baRequestSubmittedAt: { type: 'string', format: 'date-time' },
    }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const receipt = await ba.submitRequest(
        {
          caseId: input.caseId,
          accelerated: input.accelerated,
          employer: input.employer,
          applicant: input.applicant,
          jobOffer: input.jobOffer,
        },
        ctx.idempotencyKey,
      );
      ctx.log.info('Zustimmung request submitted to BA', { baRequestId: receipt.baRequestId });
      return complete({
        baRequestId: receipt.baRequestId,
        baRequestSubmittedAt: receipt.receivedAt,
      });
    },
  });
}
