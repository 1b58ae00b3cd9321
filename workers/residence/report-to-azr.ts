import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString, personSchema } from '../framework/schemas.js';
import type { AzrAdapter } from '../adapters/residence-partners.js';

/** azr.report-residence: reports the application for a residence title to the AZR, once. */
export function reportToAzr(azr: AzrAdapter) {
  return defineWorker({
    type: 'azr.report-residence',
    description:
      'Report the application for a residence title to the Ausländerzentralregister (AZR)',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'abhCode'],
      properties: {
        caseId: nonEmptyString,
        applicant: personSchema,
        abhCode: nonEmptyString,
      },
    },
    outputSchema: closedObject({ azrNumber: nonEmptyString }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const res = await azr.report(
        {
          caseId: input.caseId,
          applicant: input.applicant,
          event: 'RESIDENCE_TITLE_APPLIED',
          abhCode: input.abhCode,
        },
        ctx.idempotencyKey,
      );
      return complete({ azrNumber: res.azrNumber });
    },
  });
}
