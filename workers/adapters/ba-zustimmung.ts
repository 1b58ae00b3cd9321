import { callPartner } from './http.js';

/**
 * The BA's electronic labour-market admission (AMZ) as seen by the workers. Here it is the
 * BA simulator (simulators/ba); a real connection implements the same interface.
 */
export interface ZustimmungRequest {
  caseId: string;
  accelerated: boolean;
  employer: { employerId: string; name: string };
  applicant: { givenName: string; familyName: string; dateOfBirth: string; nationality: string };
  jobOffer: Record<string, unknown>;
  /** What the BA is asked to check (decision table ba-approval-checks), when the model says. */
  checks?: { workingConditionsCheck: boolean; priorityCheck: boolean; basis: string };
}

export interface ZustimmungReceipt {
  baRequestId: string;
  receivedAt: string;
}

export interface AdditionalInformation {
  caseId: string;
  answers: string[];
  jobOfferChanges?: Record<string, unknown>;
}

export interface BaZustimmungAdapter {
  submitRequest(request: ZustimmungRequest, idempotencyKey: string): Promise<ZustimmungReceipt>;
  submitInformation(
    baRequestId: string,
    information: AdditionalInformation,
    idempotencyKey: string,
  ): Promise<{ receivedAt: string }>;
}

export function httpBaZustimmungAdapter(baseUrl: string, timeoutMs = 10_000): BaZustimmungAdapter {
  return {
    submitRequest: (request, idempotencyKey) =>
      callPartner<ZustimmungReceipt>({
        method: 'POST',
        url: `${baseUrl}/zustimmung-requests`,
        body: request,
        idempotencyKey,
        timeoutMs,
      }),
    submitInformation: (baRequestId, information, idempotencyKey) =>
      callPartner<{ receivedAt: string }>({
        method: 'POST',
        url: `${baseUrl}/zustimmung-requests/${encodeURIComponent(baRequestId)}/information`,
        body: information,
        idempotencyKey,
        timeoutMs,
      }),
  };
}
