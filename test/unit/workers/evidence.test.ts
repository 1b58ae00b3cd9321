import { expect } from 'chai';
import {
  subjectKey,
  type EvidenceLookUp,
  type EvidenceRecorder,
  type EvidenceView,
} from '../../../workers/evidence/evidence-store.js';
import { lookUpEvidence } from '../../../workers/evidence/look-up-evidence.js';
import { recordEvidence } from '../../../workers/evidence/record-evidence.js';
import {
  APPLICANT,
  engineCommand,
  expectCompletes,
  expectIncidentAtOnce,
  expectPartnerFailuresRetried,
  handle,
  recording,
  STORE_FAILURES,
} from './support.js';

/**
 * The once-only evidence workers with hand-written fakes of the store (`EvidenceLookUp`,
 * `EvidenceRecorder`: what each worker uses of `EvidenceStore`, which needs PostgreSQL).
 * They call no partner, so there is no idempotency key to pass: the store keys a record by
 * person and fact, so a retried record replaces itself (checked below).
 */
const DAY_MS = 86_400_000;
const SUBJECT = subjectKey(APPLICANT);

const securityCheck: EvidenceView = {
  result: 'NO_CONCERNS',
  authority: 'BVA',
  basis: 'BVA-42',
  caseId: 'case-0',
  verifiedAt: '2026-06-01T12:00:00.000Z',
  validUntil: '2027-06-01T12:00:00.000Z',
  valid: true,
};

const lookUp: EvidenceLookUp = {
  lookUp: async (_subject, facts) =>
    Object.fromEntries(facts.map((f) => [f, f === 'SECURITY_CHECK' ? securityCheck : null])),
};

describe('worker evidence.look-up', () => {
  const input = () => ({
    applicant: { applicantId: 'portal-priya', ...APPLICANT },
    evidenceFacts: ['SECURITY_CHECK', 'QUALIFICATION_EQUIVALENCE'],
    evidenceAsOf: '2027-01-10T08:00:00.000Z',
  });

  it("success: returns what the store holds for the person's facts, null for none", async () => {
    const { fake, calls } = recording(lookUp);
    const worker = lookUpEvidence(fake);
    expect(worker.type).to.equal('evidence.look-up');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      evidence: { SECURITY_CHECK: securityCheck, QUALIFICATION_EQUIVALENCE: null },
    });
    // Valid as of the model's clock (the engine's), not the worker's.
    const asOf = new Date('2027-01-10T08:00:00.000Z');
    const call = { method: 'lookUp', args: [SUBJECT, input().evidenceFacts, asOf] };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error: the model decides what to skip from `evidence.<FACT>.valid`. The business
  // rule the handler has is who the person is: name, date of birth and nationality (any case
  // or spacing, with or without a portal account), so every procedure finds the same records.
  it('business: finds the same person by name, date of birth and nationality only', async () => {
    expect(lookUpEvidence(lookUp).bpmnErrorCodes ?? []).to.deep.equal([]);
    const { fake, calls } = recording(lookUp);
    const worker = lookUpEvidence(fake);
    const facts = ['SECURITY_CHECK'];
    const samePerson = { ...APPLICANT, givenName: ' priya', familyName: 'SHARMA ' };
    const someoneElse = { ...APPLICANT, nationality: 'NPL' };
    for (const applicant of [APPLICANT, samePerson, someoneElse])
      await handle(worker, { applicant, evidenceFacts: facts });
    expect(calls.map((c) => c.args[0])).to.deep.equal([SUBJECT, SUBJECT, subjectKey(someoneElse)]);
    expect(subjectKey(someoneElse)).not.to.equal(SUBJECT);
  });

  it('store failure: retried with back-off, an incident when the retries run out', () =>
    expectPartnerFailuresRetried(
      input(),
      (failing) => lookUpEvidence({ lookUp: failing }),
      STORE_FAILURES,
    ));
});

describe('worker evidence.record', () => {
  const input = () => ({
    caseId: 'case-1',
    applicant: { ...APPLICANT },
    evidenceFact: {
      fact: 'SECURITY_CHECK',
      result: 'NO_CONCERNS',
      authority: 'BVA',
      basis: 'BVA-42',
      validForDays: 365,
    },
  });
  const recorder: EvidenceRecorder = { record: async () => undefined };

  it('success: records the fact for the person, valid for the days the model says', async () => {
    const { fake, calls } = recording(recorder);
    const worker = recordEvidence(fake);
    expect(worker.type).to.equal('evidence.record');
    const before = Date.now();
    const { evidenceRecordedAt } = await expectCompletes(worker, input());
    expect(calls).to.have.length(2);
    const [record] = calls[0]!.args as [Record<string, unknown>];
    const verifiedAt = record.verifiedAt as Date;
    expect(record).to.deep.equal({
      subject: SUBJECT,
      fact: 'SECURITY_CHECK',
      result: 'NO_CONCERNS',
      authority: 'BVA',
      basis: 'BVA-42',
      caseId: 'case-1',
      verifiedAt,
      validUntil: new Date(verifiedAt.getTime() + 365 * DAY_MS),
    });
    expect(verifiedAt.toISOString()).to.equal(evidenceRecordedAt);
    expect(verifiedAt.getTime()).to.be.within(before, Date.now());
  });

  // No BPMN error. The business rule is the validity the model passes: a fact that is not an
  // upper-case name or a validity outside 1 to 36500 days is refused before the store is
  // touched (bad input: an incident at once).
  it('business: refuses a fact name or validity the model got wrong, before recording', async () => {
    expect(recordEvidence(recorder).bpmnErrorCodes ?? []).to.deep.equal([]);
    const { fake, calls } = recording(recorder);
    for (const wrong of [{ validForDays: 0 }, { validForDays: 1.5 }, { fact: 'security check' }]) {
      const variables = { ...input(), evidenceFact: { ...input().evidenceFact, ...wrong } };
      const cmd = await expectIncidentAtOnce(recordEvidence(fake), variables);
      expect(cmd.errorMessage).to.match(/^bad input for evidence.record: \/evidenceFact\//);
    }
    expect(calls).to.deep.equal([]);
  });

  it('store failure: retried with back-off, an incident when the retries run out', () =>
    expectPartnerFailuresRetried(
      input(),
      (failing) => recordEvidence({ record: failing }),
      STORE_FAILURES,
    ));

  it('idempotency: a retry records under the same person and fact (the store replaces it)', async () => {
    const { fake, calls } = recording(recorder);
    await engineCommand(recordEvidence(fake), input(), 3);
    await engineCommand(recordEvidence(fake), input(), 1);
    const keys = calls.map((c) => {
      const r = c.args[0] as { subject: string; fact: string };
      return `${r.subject}:${r.fact}`;
    });
    expect(keys).to.deep.equal([`${SUBJECT}:SECURITY_CHECK`, `${SUBJECT}:SECURITY_CHECK`]);
  });
});
