import { azrMeldung, readAzrQuittung, XML_CONTENT_TYPE } from '../../common/xauslaender.js';
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

/**
 * The AZR report as an XAusländer-shaped XML message (`common/xauslaender.ts`) to
 * `<baseUrl>/xauslaender`, its receipt read back: `PARTNER_AZR_FORMAT=xauslaender`. The
 * idempotency key is the message's UUID basis, so a retried report is the same message.
 */
export function xauslaenderAzrAdapter(baseUrl: string, timeoutMs = 10_000): AzrAdapter {
  return {
    report: async (r, idempotencyKey) => {
      const { azrNumber } = await callPartner<{ azrNumber: string }>({
        method: 'POST',
        url: `${baseUrl}/xauslaender`,
        body: r,
        idempotencyKey,
        timeoutMs,
        wire: {
          contentType: XML_CONTENT_TYPE,
          encode: () => azrMeldung(r, idempotencyKey),
          decode: (xml) => readAzrQuittung(xml),
        },
      });
      return { azrNumber };
    },
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
