import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString, personSchema } from '../framework/schemas.js';
import type { AzrAdapter } from '../adapters/residence-partners.js';

/**
 * azr.report-decision: reports a decision the AZR keeps to the Ausländerzentralregister, once
 * per task (the idempotency key makes a retried task a replay, not a second report): every
 * residence title and the BA's last decision [seed 004]. The model says what is reported
 * (input `azrReport`: event, authority, outcome, reference, and for a title its kind, legal
 * basis and end).
 */
export function reportDecisionToAzr(azr: AzrAdapter) {
  return defineWorker({
    type: 'azr.report-decision',
    description:
      'Report a residence title or a BA decision to the Ausländerzentralregister (AZR), once',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'azrReport'],
      properties: {
        caseId: nonEmptyString,
        applicant: personSchema,
        azrReport: {
          type: 'object',
          required: ['event', 'authority', 'outcome', 'reference'],
          properties: {
            event: { enum: ['BA_DECISION', 'RESIDENCE_TITLE_GRANTED'] },
            authority: nonEmptyString,
            outcome: nonEmptyString,
            reference: nonEmptyString,
            titleKind: { type: ['string', 'null'] },
            basis: { type: ['string', 'null'] },
            validUntil: { type: ['string', 'null'], format: 'date' },
          },
        },
      },
    },
    outputSchema: closedObject({ azrReportedAt: { type: 'string', format: 'date-time' } }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const { event, ...decision } = input.azrReport;
      await azr.report(
        {
          caseId: input.caseId,
          applicant: input.applicant,
          event,
          decision: Object.fromEntries(
            Object.entries(decision).filter(([, v]) => v !== null && v !== undefined),
          ),
        },
        ctx.idempotencyKey,
      );
      return complete({ azrReportedAt: new Date().toISOString() });
    },
  });
}
