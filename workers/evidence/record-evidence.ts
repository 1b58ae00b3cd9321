import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString, personSchema } from '../framework/schemas.js';
import { subjectKey, type EvidenceRecorder } from './evidence-store.js';

/**
 * evidence.record: records a fact an authority verified, with its basis and validity. The
 * model says what to record (input `evidenceFact`), so the validity period is a model value.
 */
export function recordEvidence(store: EvidenceRecorder) {
  return defineWorker({
    type: 'evidence.record',
    description: 'Record a fact an authority verified, once, for every later procedure',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'evidenceFact'],
      properties: {
        caseId: nonEmptyString,
        applicant: personSchema,
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
