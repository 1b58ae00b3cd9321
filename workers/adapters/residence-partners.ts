import { callPartner } from './http.js';

/** The AZR and the eAT card production as seen by the workers (simulators here). */
export interface AzrAdapter {
  report(
    r: {
      caseId: string;
      applicant: Record<string, unknown>;
      event: string;
      abhCode?: string;
      /** What is reported: a BA decision, a residence title (authority, outcome, reference, ...). */
      decision?: Record<string, unknown>;
    },
    idempotencyKey: string,
  ): Promise<{ azrNumber: string }>;
}

export interface EatProductionAdapter {
  order(
    o: { caseId: string; applicant: Record<string, unknown>; permit: Record<string, unknown> },
    idempotencyKey: string,
  ): Promise<{ orderId: string; expectedDelivery: string }>;
}

export function httpAzrAdapter(baseUrl: string, timeoutMs = 10_000): AzrAdapter {
  return {
    report: (r, idempotencyKey) =>
      callPartner({
        method: 'POST',
        url: `${baseUrl}/reports`,
        body: r,
        idempotencyKey,
        timeoutMs,
      }),
  };
}

export function httpEatProductionAdapter(
  baseUrl: string,
  timeoutMs = 10_000,
): EatProductionAdapter {
  return {
    order: (o, idempotencyKey) =>
      callPartner({ method: 'POST', url: `${baseUrl}/orders`, body: o, idempotencyKey, timeoutMs }),
  };
}
