import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import type { BaZustimmungAdapter } from '../adapters/ba-zustimmung.js';
import informationSchema from '../../processes/ba-approval/schemas/messages/employer-information-response.schema.json' with { type: 'json' };

/**
 * ba.submit-additional-information: passes the employer's answer to the BA's questions on
 * to the BA, once. The BA's period starts again when the process waits for it again.
 */
export function submitAdditionalInformation(ba: BaZustimmungAdapter) {
  return defineWorker({
    type: 'ba.submit-additional-information',
    description: "Send the employer's answer to the BA's request for information",
    inputSchema: {
      type: 'object',
      required: ['caseId', 'baRequestId', 'employerInformation'],
      properties: {
        caseId: nonEmptyString,
        baRequestId: nonEmptyString,
        employerInformation: informationSchema,
      },
    },
    outputSchema: closedObject({
      baInformationSubmittedAt: { type: 'string', format: 'date-time' },
    }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const receipt = await ba.submitInformation(
        input.baRequestId,
        { caseId: input.caseId, ...input.employerInformation },
        ctx.idempotencyKey,
      );
      ctx.log.info('additional information submitted to BA', { baRequestId: input.baRequestId });
      return complete({ baInformationSubmittedAt: receipt.receivedAt });
    },
  });
}
