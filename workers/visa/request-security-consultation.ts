import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString, personSchema } from '../framework/schemas.js';
import type { SecurityConsultationAdapter } from '../adapters/visa-partners.js';
import visaStart from '../../processes/visa/schemas/start.schema.json' with { type: 'json' };

/** bva.request-security-consultation: asks the BVA once; the result comes as a message. */
export function requestSecurityConsultation(bva: SecurityConsultationAdapter) {
  return defineWorker({
    type: 'bva.request-security-consultation',
    description: 'Ask the BVA for the security consultation of the visa application',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'travelDocument'],
      properties: {
        caseId: nonEmptyString,
        applicant: personSchema,
        travelDocument: visaStart.properties.travelDocument,
      },
    },
    outputSchema: closedObject({ bvaConsultationId: nonEmptyString }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const res = await bva.requestConsultation(
        { caseId: input.caseId, applicant: input.applicant, travelDocument: input.travelDocument },
        ctx.idempotencyKey,
      );
      return complete({ bvaConsultationId: res.bvaConsultationId });
    },
  });
}
