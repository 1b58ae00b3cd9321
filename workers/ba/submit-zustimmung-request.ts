import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import {
  baChecksSchema,
  zustimmungRequestSchema,
  type BaZustimmungAdapter,
} from '../adapters/ba-zustimmung.js';

/** The request's fields from the process variables; the checks are the variable `baChecks`. */
const { checks: _checks, ...requestFields } = zustimmungRequestSchema.properties;
const submitZustimmungRequestInput = {
  ...zustimmungRequestSchema,
  properties: { ...requestFields, baChecks: baChecksSchema },
} as const;

/**
 * ba.submit-zustimmung-request: hands the employer's job offer to the BA, once.
 * The BA's answer comes later as the message `ba-zustimmung-decision`.
 */
export function submitZustimmungRequest(ba: BaZustimmungAdapter) {
  return defineWorker({
    type: 'ba.submit-zustimmung-request',
    description: 'Submit the job offer to the BA for its approval (Zustimmung, §39 AufenthG)',
    inputSchema: submitZustimmungRequestInput,
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
          // Which checks the law asks of the BA for this employment (§39 (2) or (3) AufenthG).
          ...(input.baChecks ? { checks: input.baChecks } : {}),
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
