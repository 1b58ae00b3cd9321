import { expect } from 'chai';
import { createLogger } from '../../common/logger.js';
import type { EvidenceRecord, EvidenceStore } from '../../workers/evidence/evidence-store.js';
import { recordEvidence } from '../../workers/evidence/record-evidence.js';
import { noticeText } from '../../workers/notices/notice-texts.js';
import type { JobContext } from '../../workers/framework/define-worker.js';

/**
 * How long a recorded fact holds (the decision table's period, shortened by an end date the
 * authority set), measured on the model's clock; and how a notice names an EU Blue Card.
 */
const log = createLogger('test');
log.silent = true;
const ctx: JobContext = {
  jobKey: 'j',
  processInstanceKey: 'p',
  elementInstanceKey: 'e',
  elementId: 'RecordResidenceTitle',
  bpmnProcessId: 'residence-permit',
  retries: 3,
  idempotencyKey: 'p:e',
  log,
};
const applicant = {
  givenName: 'Priya',
  familyName: 'Sharma',
  dateOfBirth: '1994-03-12',
  nationality: 'IND',
};

async function recorded(evidenceFact: object, evidenceAsOf = '2027-01-01T12:00:00Z') {
  const records: Omit<EvidenceRecord, '_id'>[] = [];
  const store = { record: async (r: Omit<EvidenceRecord, '_id'>) => void records.push(r) };
  const worker = recordEvidence(store as unknown as EvidenceStore);
  const outcome = await worker.handler(
    {
      caseId: 'c',
      applicant,
      evidenceFact: {
        fact: 'RESIDENCE_TITLE',
        result: 'EU_BLUE_CARD',
        authority: 'ABH',
        basis: 'ABH-1',
        // Each test gives the validity (validForDays or validUntil) the schema asks for.
        ...(evidenceFact as { validForDays: number }),
      },
      evidenceAsOf,
    },
    ctx,
  );
  expect(outcome.kind).to.equal('complete');
  return records[0]!;
}

describe('once-only evidence: validity of a recorded fact', () => {
  it('holds for the period from the model’s now', async () => {
    const r = await recorded({ validForDays: 365 });
    expect(r.verifiedAt.toISOString()).to.equal('2027-01-01T12:00:00.000Z');
    expect(r.validUntil.toISOString()).to.equal('2028-01-01T12:00:00.000Z');
  });

  it('ends with the day the authority set when that comes first', async () => {
    const r = await recorded({ validForDays: 1461, validUntil: '2029-06-30' });
    expect(r.validUntil.toISOString()).to.equal('2029-06-30T23:59:59.999Z');
  });

  it('never outlasts the decision table’s period', async () => {
    const r = await recorded({ validForDays: 30, validUntil: '2031-12-31' });
    expect(r.validUntil.toISOString()).to.equal('2027-01-31T12:00:00.000Z');
  });
});

describe('notices: the residence title named', () => {
  it('says EU Blue Card with its basis, in German and English', () => {
    const t = noticeText({
      kind: 'RESIDENCE_PERMIT_DECISION',
      outcome: 'GRANTED',
      reference: 'ABH-1',
      name: 'Priya Sharma',
      residenceTitle: { kind: 'EU_BLUE_CARD', basis: '§18g AufenthG' },
    });
    expect(t.title.de).to.equal(
      'Entscheidung über den Aufenthaltstitel: Blaue Karte EU (§18g AufenthG)',
    );
    expect(t.title.en).to.equal('Decision on the residence title: EU Blue Card (§18g AufenthG)');
    expect(t.body.en).to.contain('granted');
  });
});
