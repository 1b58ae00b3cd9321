import { callPartner } from './http.js';

/**
 * A recognition body (Anerkennungsstelle: Länder authorities, chambers) as seen by the
 * workers. Here it is the recognition simulator (simulators/recognition); a real
 * connection implements the same interface.
 */
export interface RecognitionApplication {
  caseId: string;
  accelerated: boolean;
  applicant: Record<string, unknown>;
  qualification: Record<string, unknown>;
  referenceOccupation: string;
}

export interface ProvidedDocuments {
  caseId: string;
  documents: { name: string; documentId?: string }[];
  note?: string;
}

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
