import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, personSchema } from '../framework/schemas.js';
import { subjectKey, type EvidenceLookUp } from './evidence-store.js';

/**
 * evidence.look-up: what authorities already verified about the applicant. The model names
 * the facts (input `evidenceFacts`) and decides with `evidence.<FACT>.valid` what to skip.
 */
export function lookUpEvidence(store: EvidenceLookUp) {
  return defineWorker({
    type: 'evidence.look-up',
    description: 'Look up what authorities already verified about the applicant (once-only)',
    inputSchema: {
      type: 'object',
      required: ['applicant', 'evidenceFacts'],
      properties: {
        applicant: personSchema,
        evidenceFacts: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', pattern: '^[A-Z_]+$' },
        },
        evidenceAsOf: { type: ['string', 'null'], minLength: 1 },
      },
    },
    outputSchema: closedObject({ evidence: { type: 'object' } }),
    timeoutMs: 10_000,
    retries: 3,
    async handler(input) {
      return complete({
        evidence: await store.lookUp(
          subjectKey(input.applicant),
          input.evidenceFacts,
          input.evidenceAsOf ? new Date(input.evidenceAsOf) : new Date(),
        ),
      });
    },
  });
}
