import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import {
  recognitionApplicationSchema,
  type RecognitionBodyAdapter,
} from '../adapters/recognition-body.js';

/** recognition.submit-application: hands the application to the recognition body, once. */
export function submitRecognitionApplication(body: RecognitionBodyAdapter) {
  return defineWorker({
    type: 'recognition.submit-application',
    description: 'Submit the application for recognition to the recognition body',
    inputSchema: recognitionApplicationSchema,
    outputSchema: closedObject({ recognitionFileId: nonEmptyString }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const receipt = await body.submitApplication(
        {
          caseId: input.caseId,
          accelerated: input.accelerated,
          applicant: input.applicant,
          qualification: input.qualification,
          referenceOccupation: input.referenceOccupation,
        },
        ctx.idempotencyKey,
      );
      ctx.log.info('recognition application submitted', {
        recognitionFileId: receipt.recognitionFileId,
      });
      return complete({ recognitionFileId: receipt.recognitionFileId });
    },
  });
}
