import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import { subjectKey, type EvidenceRecorder } from './evidence-store.js';
import baStart from '../../processes/ba-approval/schemas/start.schema.json' with { type: 'json' };

/**
 * evidence.record: records a fact an authority verified, with its basis and validity. The
 * model says what to record (input `evidenceFact`), so the validity period is a model value.
 */
interface Input {
  caseId: string;
  applicant: { givenName: string; familyName: string; dateOfBirth: string; nationality: string };
  evidenceFact: {
    fact: string;
    result: string;
    authority: string;
    basis: string;
    /** How long the fact holds from now (a decision-table value) ... */
    validForDays?: number | null;
    /** ... or until when (a date the authority set, e.g. the visa's or the title's end). */
    validUntil?: string | null;
  };
  /** The moment of recording (the model's `now()`, the engine clock); default: now. */
  evidenceAsOf?: string | null;
}

export function recordEvidence(store: EvidenceRecorder) {
  return defineWorker<Input, { evidenceRecordedAt: string }>({
    type: 'evidence.record',
    description: 'Record a fact an authority verified, once, for every later procedure',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'evidenceFact'],
      properties: {
        caseId: nonEmptyString,
        applicant: baStart.properties.applicant,
        evidenceFact: {
          type: 'object',
          required: ['fact', 'result', 'authority', 'basis'],
          properties: {
            fact: { type: 'string', pattern: '^[A-Z_]+$' },
            result: nonEmptyString,
            authority: nonEmptyString,
            basis: nonEmptyString,
            validForDays: { type: ['integer', 'null'], minimum: 1, maximum: 36500 },
            validUntil: { type: ['string', 'null'], format: 'date' },
          },
          anyOf: [
            { required: ['validForDays'], properties: { validForDays: { type: 'integer' } } },
            { required: ['validUntil'], properties: { validUntil: { type: 'string' } } },
          ],
        },
        evidenceAsOf: { type: ['string', 'null'], minLength: 1 },
      },
    },
    outputSchema: closedObject({ evidenceRecordedAt: { type: 'string', format: 'date-time' } }),
    timeoutMs: 10_000,
    retries: 3,
    async handler(input, ctx) {
      const now = input.evidenceAsOf ? new Date(input.evidenceAsOf) : new Date();
      const f = input.evidenceFact;
      // A date the authority set holds to the end of that day, a period from now; with both,
      // whichever ends first (the period is the decision table's longest).
      const ends = [
        ...(f.validUntil ? [new Date(`${f.validUntil}T23:59:59.999Z`).getTime()] : []),
        ...(f.validForDays ? [now.getTime() + f.validForDays * 86_400_000] : []),
      ];
      const validUntil = new Date(Math.min(...ends));
      await store.record({
        subject: subjectKey(input.applicant),
        fact: f.fact,
        result: f.result,
        authority: f.authority,
        basis: f.basis,
        caseId: input.caseId,
        verifiedAt: now,
        validUntil,
      });
      ctx.log.info('evidence recorded', { fact: f.fact, authority: f.authority });
      return complete({ evidenceRecordedAt: now.toISOString() });
    },
  });
}
