import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import type { SecurityConsultationAdapter } from '../adapters/visa-partners.js';
import visaStart from '../../processes/visa/schemas/start.schema.json' with { type: 'json' };
import baStart from '../../processes/ba-approval/schemas/start.schema.json' with { type: 'json' };

/** bva.request-security-consultation: asks the BVA once; the result comes as a message. */
interface Input {
  caseId: string;
  applicant: Record<string, unknown>;
  travelDocument: Record<string, unknown>;
}

export function requestSecurityConsultation(bva: SecurityConsultationAdapter) {
  return defineWorker<Input, { bvaConsultationId: string }>({
    type: 'bva.request-security-consultation',
    description: 'Ask the BVA for the security consultation of the visa application',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'travelDocument'],
      properties: {
        caseId: nonEmptyString,
        applicant: baStart.properties.applicant,
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
