import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString, personSchema } from '../framework/schemas.js';
import type { EatProductionAdapter } from '../adapters/residence-partners.js';

/** eat.order-card: orders the electronic residence permit card, once. */
export function orderEat(eat: EatProductionAdapter) {
  return defineWorker({
    type: 'eat.order-card',
    description: 'Order the electronic residence permit (eAT) card',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'permitDecision'],
      properties: {
        caseId: nonEmptyString,
        applicant: personSchema,
        permitDecision: {
          type: 'object',
          required: ['outcome', 'abhReference'],
          properties: { outcome: { const: 'GRANTED' } },
        },
      },
    },
    outputSchema: closedObject({
      eatOrderId: nonEmptyString,
      eatExpectedDelivery: { type: 'string', format: 'date' },
    }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const res = await eat.order(
        { caseId: input.caseId, applicant: input.applicant, permit: input.permitDecision },
        ctx.idempotencyKey,
      );
      return complete({ eatOrderId: res.orderId, eatExpectedDelivery: res.expectedDelivery });
    },
  });
}
