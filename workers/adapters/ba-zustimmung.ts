import { callPartner } from './http.js';
import type { SchemaType } from '../framework/define-worker.js';
import { nonEmptyString, personSchema } from '../framework/schemas.js';
import startSchema from '../../processes/ba-approval/schemas/start.schema.json' with { type: 'json' };
import informationSchema from '../../processes/ba-approval/schemas/messages/employer-information-response.schema.json' with { type: 'json' };

/**
 * The BA's electronic labour-market admission (AMZ) as seen by the workers. Here it is the
 * BA simulator (simulators/ba); a real connection implements the same interface.
 */

/** Which checks the law asks of the BA for the employment (decision table ba-approval-checks). */
export const baChecksSchema = {
  type: 'object',
  required: ['workingConditionsCheck', 'priorityCheck', 'basis'],
  properties: {
    workingConditionsCheck: { type: 'boolean' },
    priorityCheck: { type: 'boolean' },
    basis: nonEmptyString,
  },
} as const;

/**
 * What the BA receives for a case: the job offer as the employer gave it at the start, and
 * what the BA is asked to check (§39 (2) or (3) AufenthG).
 */
export const zustimmungRequestSchema = {
  type: 'object',
  required: ['caseId', 'employer', 'applicant', 'jobOffer', 'accelerated'],
  properties: {
    caseId: nonEmptyString,
    accelerated: startSchema.properties.accelerated,
    employer: startSchema.properties.employer,
    applicant: personSchema,
    jobOffer: startSchema.properties.jobOffer,
    checks: baChecksSchema,
  },
} as const;
export type ZustimmungRequest = SchemaType<typeof zustimmungRequestSchema>;

export interface ZustimmungReceipt {
  baRequestId: string;
  receivedAt: string;
}

/** The employer's answer to the BA's questions (the message's payload), for a case. */
export type AdditionalInformation = { caseId: string } & SchemaType<typeof informationSchema>;

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
