import { callPartner } from './http.js';
import type { SchemaType } from '../framework/define-worker.js';
import { nonEmptyString, personSchema } from '../framework/schemas.js';
import startSchema from '../../processes/recognition/schemas/start.schema.json' with { type: 'json' };
import providedSchema from '../../processes/recognition/schemas/messages/recognition-documents-provided.schema.json' with { type: 'json' };

/**
 * A recognition body (Anerkennungsstelle: Länder authorities, chambers) as seen by the
 * workers. Here it is the recognition simulator (simulators/recognition); a real
 * connection implements the same interface.
 */

/** What the recognition body receives for a case: the person and the qualification. */
export const recognitionApplicationSchema = {
  type: 'object',
  required: ['caseId', 'applicant', 'qualification', 'referenceOccupation', 'accelerated'],
  properties: {
    caseId: nonEmptyString,
    accelerated: { type: 'boolean' },
    applicant: personSchema,
    qualification: startSchema.properties.qualification,
    referenceOccupation: startSchema.properties.referenceOccupation,
  },
} as const;
export type RecognitionApplication = SchemaType<typeof recognitionApplicationSchema>;

/** The documents the applicant provided (the message's payload), for a case. */
export type ProvidedDocuments = { caseId: string } & SchemaType<typeof providedSchema>;

export interface RecognitionBodyAdapter {
  submitApplication(
    application: RecognitionApplication,
    idempotencyKey: string,
  ): Promise<{ recognitionFileId: string; receivedAt: string }>;
  forwardDocuments(
    recognitionFileId: string,
    documents: ProvidedDocuments,
    idempotencyKey: string,
  ): Promise<{ receivedAt: string }>;
}

export function httpRecognitionBodyAdapter(
  baseUrl: string,
  timeoutMs = 10_000,
): RecognitionBodyAdapter {
  return {
    submitApplication: (application, idempotencyKey) =>
      callPartner({
        method: 'POST',
        url: `${baseUrl}/applications`,
        body: application,
        idempotencyKey,
        timeoutMs,
      }),
    forwardDocuments: (recognitionFileId, documents, idempotencyKey) =>
      callPartner({
        method: 'POST',
        url: `${baseUrl}/applications/${encodeURIComponent(recognitionFileId)}/documents`,
        body: documents,
        idempotencyKey,
        timeoutMs,
      }),
  };
}
