import { expect } from 'chai';
import type { RecognitionBodyAdapter } from '../../../workers/adapters/recognition-body.js';
import { forwardDocuments } from '../../../workers/recognition/forward-documents.js';
import { submitRecognitionApplication } from '../../../workers/recognition/submit-application.js';
import {
  APPLICANT,
  expectCompletes,
  IDEMPOTENCY_KEY,
  partnerCallTests,
  recording,
} from './support.js';

/** The recognition workers with a hand-written recognition body adapter. */
const RECEIVED_AT = '2026-11-30T10:00:00.000Z';

const body: RecognitionBodyAdapter = {
  submitApplication: async () => ({ recognitionFileId: 'AN-1', receivedAt: RECEIVED_AT }),
  forwardDocuments: async () => ({ receivedAt: RECEIVED_AT }),
};

describe('worker recognition.submit-application', () => {
  const input = () => ({
    caseId: 'case-1',
    accelerated: true,
    applicant: { ...APPLICANT },
    qualification: {
      kind: 'UNIVERSITY_DEGREE' as const,
      title: 'B.Sc. Nursing',
      countryOfIssue: 'IND',
      institution: 'University of Delhi',
    },
    referenceOccupation: 'Pflegefachfrau',
  });

  it('success: submits the application once and completes with the file id', async () => {
    const { fake, calls } = recording(body);
    const worker = submitRecognitionApplication(fake);
    expect(worker.type).to.equal('recognition.submit-application');
    expect(await expectCompletes(worker, input())).to.deep.equal({ recognitionFileId: 'AN-1' });
    const call = { method: 'submitApplication', args: [input(), IDEMPOTENCY_KEY] };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error: the body decides later (a message). The business branch is a refusal or
  // data the body rejects: no modelled outcome, an incident at once (partnerCallTests).
  partnerCallTests({
    worker: submitRecognitionApplication,
    adapter: body,
    method: 'submitApplication',
    keyArg: 1,
    input,
    bpmnErrorCodes: [],
  });
});

describe('worker recognition.forward-documents', () => {
  const input = () => ({
    caseId: 'case-1',
    recognitionFileId: 'AN-1',
    providedDocuments: {
      documents: [{ name: 'Transcript of records', documentId: 'doc-7' }, { name: 'Diploma' }],
      note: 'Certified translation attached',
    },
  });

  it('success: forwards the documents to the file and completes with when they arrived', async () => {
    const { fake, calls } = recording(body);
    const worker = forwardDocuments(fake);
    expect(worker.type).to.equal('recognition.forward-documents');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      documentsForwardedAt: RECEIVED_AT,
    });
    const { caseId, recognitionFileId, providedDocuments } = input();
    const call = {
      method: 'forwardDocuments',
      args: [recognitionFileId, { caseId, ...providedDocuments }, IDEMPOTENCY_KEY],
    };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error either; a file the body does not know (a 4xx) is an incident at once.
  partnerCallTests({
    worker: forwardDocuments,
    adapter: body,
    method: 'forwardDocuments',
    keyArg: 2,
    input,
    bpmnErrorCodes: [],
  });
});
