import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject } from '../framework/schemas.js';
import { subjectKey, type EvidenceLookUp, type EvidenceView } from './evidence-store.js';
import baStart from '../../processes/ba-approval/schemas/start.schema.json' with { type: 'json' };

/**
 * evidence.look-up: what authorities already verified about the applicant. The model names
 * the facts (input `evidenceFacts`) and decides with `evidence.<FACT>.valid` what to skip.
 */
interface Input {
  applicant: { givenName: string; familyName: string; dateOfBirth: string; nationality: string };
  evidenceFacts: string[];
  /** The moment validity is judged at (the model's `now()`, the engine clock); default: now. */
  evidenceAsOf?: string | null;
}

export function lookUpEvidence(store: EvidenceLookUp) {
  return defineWorker<Input, { evidence: Record<string, EvidenceView | null> }>({
    type: 'evidence.look-up',
    description: 'Look up what authorities already verified about the applicant (once-only)',
    inputSchema: {
      type: 'object',
      required: ['applicant', 'evidenceFacts'],
      properties: {
        applicant: baStart.properties.applicant,
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
