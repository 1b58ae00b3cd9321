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
    validForDays: number;
  };
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
          required: ['fact', 'result', 'authority', 'basis', 'validForDays'],
          properties: {
            fact: { type: 'string', pattern: '^[A-Z_]+$' },
            result: nonEmptyString,
            authority: nonEmptyString,
            basis: nonEmptyString,
            validForDays: { type: 'integer', minimum: 1, maximum: 36500 },
          },
        },
      },
    },
    outputSchema: closedObject({ evidenceRecordedAt: { type: 'string', format: 'date-time' } }),
    timeoutMs: 10_000,
    retries: 3,
    async handler(input, ctx) {
      const now = new Date();
      const f = input.evidenceFact;
      await store.record({
        subject: subjectKey(input.applicant),
        fact: f.fact,
        result: f.result,
        authority: f.authority,
        basis: f.basis,
        caseId: input.caseId,
        verifiedAt: now,
        validUntil: new Date(now.getTime() + f.validForDays * 86_400_000),
      });
      ctx.log.info('evidence recorded', { fact: f.fact, authority: f.authority });
      return complete({ evidenceRecordedAt: now.toISOString() });
    },
  });
}
