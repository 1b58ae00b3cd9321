import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import type { RecognitionBodyAdapter } from '../adapters/recognition-body.js';
import providedSchema from '../../processes/recognition/schemas/messages/recognition-documents-provided.schema.json' with { type: 'json' };

/** recognition.forward-documents: passes the documents the applicant provided on, once. */
export function forwardDocuments(body: RecognitionBodyAdapter) {
  return defineWorker({
    type: 'recognition.forward-documents',
    description:
      'Forward the documents the applicant provided (Nachforderung) to the recognition body',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'recognitionFileId', 'providedDocuments'],
      properties: {
        caseId: nonEmptyString,
        recognitionFileId: nonEmptyString,
        providedDocuments: providedSchema,
      },
    },
    outputSchema: closedObject({ documentsForwardedAt: { type: 'string', format: 'date-time' } }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const receipt = await body.forwardDocuments(
        input.recognitionFileId,
        { caseId: input.caseId, ...input.providedDocuments },
        ctx.idempotencyKey,
      );
      return complete({ documentsForwardedAt: receipt.receivedAt });
    },
  });
}
