import { expect } from 'chai';
import type { RecognitionBodyAdapter } from '../../../workers/adapters/recognition-body.js';
import { BadDataError, PartnerRefusal } from '../../../workers/framework/errors.js';
import { forwardDocuments } from '../../../workers/recognition/forward-documents.js';
import { submitRecognitionApplication } from '../../../workers/recognition/submit-application.js';
import {
  APPLICANT,
  expectCompletes,
  expectIncidentAtOnce,
  expectPartnerFailuresRetried,
  expectSameKeyOnEveryAttempt,
  IDEMPOTENCY_KEY,
  notCalled,
  recording,
} from './support.js';

/** The recognition workers with a hand-written recognition body adapter. */
const RECEIVED_AT = '2026-11-30T10:00:00.000Z';

function fakeBody(overrides: Partial<RecognitionBodyAdapter> = {}) {
  return recording<RecognitionBodyAdapter>({
    submitApplication: async () => ({ recognitionFileId: 'AN-1', receivedAt: RECEIVED_AT }),
    forwardDocuments: async () => ({ receivedAt: RECEIVED_AT }),
    ...overrides,
  });
}

describe('worker recognition.submit-application', () => {
  const input = () => ({
    caseId: 'case-1',
    accelerated: true,
    applicant: { ...APPLICANT },
    qualification: {
      kind: 'UNIVERSITY_DEGREE',
      title: 'B.Sc. Nursing',
      countryOfIssue: 'IND',
      institution: 'University of Delhi',
    },
    referenceOccupation: 'Pflegefachfrau',
  });

  it('success: submits the application once and completes with the file id', async () => {
    const { fake, calls } = fakeBody();
    const worker = submitRecognitionApplication(fake);
    expect(worker.type).to.equal('recognition.submit-application');
    expect(await expectCompletes(worker, input())).to.deep.equal({ recognitionFileId: 'AN-1' });
    const call = { method: 'submitApplication', args: [input(), IDEMPOTENCY_KEY] };
    expect(calls).to.deep.equal([call, call]);
  });

  // The body decides later (a message): submitting has no BPMN error. A refusal or data the
  // body rejects is no modelled outcome, so it is an incident at once, not retried.
  it('business: declares no BPMN error; a refusal or rejected data is an incident at once', async () => {
    expect(submitRecognitionApplication(fakeBody().fake).bpmnErrorCodes ?? []).to.deep.equal([]);
    for (const error of [
      new PartnerRefusal('answered 409 ALREADY_DECIDED', 'ALREADY_DECIDED', {}),
      new BadDataError('answered 400'),
    ]) {
      const worker = submitRecognitionApplication(
        fakeBody({ submitApplication: () => Promise.reject(error) }).fake,
      );
      expect((await expectIncidentAtOnce(worker, input())).errorMessage).to.contain(error.message);
    }
  });

  it('partner failure: retried with back-off, an incident when the retries run out', () =>
    expectPartnerFailuresRetried(input(), (failing) =>
      submitRecognitionApplication({ submitApplication: failing, forwardDocuments: notCalled }),
    ));

  it('idempotency: every attempt passes the task key unchanged to the body', async () => {
    const { fake, calls } = fakeBody();
    const worker = submitRecognitionApplication(fake);
    await expectSameKeyOnEveryAttempt(worker, input(), calls, (c) => c.args[1]);
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
    const { fake, calls } = fakeBody();
    const worker = forwardDocuments(fake);
    expect(worker.type).to.equal('recognition.forward-documents');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      documentsForwardedAt: RECEIVED_AT,
    });
    const call = {
      method: 'forwardDocuments',
      args: ['AN-1', { caseId: 'case-1', ...input().providedDocuments }, IDEMPOTENCY_KEY],
    };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error either; a file the body does not know (a 4xx) is an incident at once.
  it('business: declares no BPMN error; an unknown file is an incident at once', async () => {
    expect(forwardDocuments(fakeBody().fake).bpmnErrorCodes ?? []).to.deep.equal([]);
    const worker = forwardDocuments(
      fakeBody({ forwardDocuments: () => Promise.reject(new BadDataError('answered 404')) }).fake,
    );
    expect((await expectIncidentAtOnce(worker, input())).errorMessage).to.contain('404');
  });

  it('partner failure: retried with back-off, an incident when the retries run out', () =>
    expectPartnerFailuresRetried(input(), (failing) =>
      forwardDocuments({ submitApplication: notCalled, forwardDocuments: failing }),
    ));

  it('idempotency: every attempt passes the task key unchanged to the body', async () => {
    const { fake, calls } = fakeBody();
    await expectSameKeyOnEveryAttempt(forwardDocuments(fake), input(), calls, (c) => c.args[2]);
  });
});
