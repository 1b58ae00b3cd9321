import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString, personSchema } from '../framework/schemas.js';
import type { RecognitionBodyAdapter } from '../adapters/recognition-body.js';
import startSchema from '../../processes/recognition/schemas/start.schema.json' with { type: 'json' };

/** recognition.submit-application: hands the application to the recognition body, once. */

export function submitRecognitionApplication(body: RecognitionBodyAdapter) {
  return defineWorker({
    type: 'recognition.submit-application',
    description: 'Submit the application for recognition to the recognition body',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'qualification', 'referenceOccupation', 'accelerated'],
      properties: {
        caseId: nonEmptyString,
        accelerated: { type: 'boolean' },
        applicant: personSchema,
        qualification: startSchema.properties.qualification,
        referenceOccupation: startSchema.properties.referenceOccupation,
      },
    },
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
