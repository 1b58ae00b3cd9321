import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import type {
  RecognitionApplication,
  RecognitionBodyAdapter,
} from '../adapters/recognition-body.js';
import startSchema from '../../processes/recognition/schemas/start.schema.json' with { type: 'json' };
import baStartSchema from '../../processes/ba-approval/schemas/start.schema.json' with { type: 'json' };

/** recognition.submit-application: hands the application to the recognition body, once. */
interface Output {
  recognitionFileId: string;
}

export function submitRecognitionApplication(body: RecognitionBodyAdapter) {
  return defineWorker<RecognitionApplication, Output>({
    type: 'recognition.submit-application',
    description: 'Submit the application for recognition to the recognition body',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'qualification', 'referenceOccupation', 'accelerated'],
      properties: {
        caseId: nonEmptyString,
        accelerated: { type: 'boolean' },
        applicant: baStartSchema.properties.applicant,
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
