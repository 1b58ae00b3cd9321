import { expect } from 'chai';
import { exportJWK, generateKeyPair, type KeyLike } from 'jose';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { fitConnectIntake } from '../../workers/adapters/fit-connect.js';
import {
  FitConnectPuller,
  SET_EVENTS,
  submissionApi,
  type SubmissionApi,
} from '../../workers/adapters/fit-connect-pull.js';
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER } from '../support/fixtures.js';
import { encryptedSubmission, LEIKA_SERVICE } from '../support/fit-connect.js';

/**
 * The FIT-Connect intake pulls (workers/adapters/fit-connect-pull.ts) from the simulated
 * Submission API (simulators/fit-connect): a submission with an attachment becomes a case with
 * that document, confirmed by a signed accept-submission; a poller that stopped before
 * confirming leaves it for the next round, which finds the same case; a submission whose
 * attachment does not match its hash is refused with reject-submission naming the attachment.
 */
const PDF = new TextEncoder().encode('%PDF-1.4\n% passport scan\n%%EOF\n');

describe('FIT-Connect intake: pulling submissions from the Submission API', function () {
  this.timeout(90_000);
  let h: Harness;
  let encryptionKey: KeyLike;
  let puller: (api?: SubmissionApi, signingKey?: KeyLike) => FitConnectPuller;
  let api: SubmissionApi;
  let sim: string;
  const destinationId = `dest-${crypto.randomUUID()}`;

  before(async () => {
    h = await getHarness();
    sim = `${h.simulatorsUrl}/fit-connect`;
    const encryption = await generateKeyPair('RSA-OAEP-256', { modulusLength: 2048 });
    const signing = await generateKeyPair('PS512', { modulusLength: 2048 });
    encryptionKey = encryption.publicKey;
    const registered = await fetch(`${sim}/_sim/destinations/${destinationId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signingKey: await exportJWK(signing.publicKey) }),
    });
    expect(registered.status).to.equal(204);
    api = submissionApi(`${sim}/v1`);
    const intake = fitConnectIntake({
      privateKey: await exportJWK(encryption.privateKey),
      services: { [LEIKA_SERVICE]: 'wsa-application' },
      destinationId,
      documentTypes: ['PASSPORT', 'DEGREE_CERTIFICATE', 'OTHER'],
    });
    puller = (over = api, signingKey = signing.privateKey) =>
      new FitConnectPuller({
        api: over,
        intake,
        destinationId,
        signingKey,
        gateway: { url: h.gatewayUrl, token: () => h.token(EMPLOYER) },
      });
  });

  const application = () => {
    const a = structuredClone(wsaExample);
    a.employer.employerId = EMPLOYER.organisation!;
    return a;
  };
  const submit = async (attachments: Parameters<typeof encryptedSubmission>[1]['attachments']) => {
    const res = await fetch(`${sim}/_sim/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        await encryptedSubmission(encryptionKey, {
          destinationId,
          data: application(),
          attachments,
        }),
      ),
    });
    expect(res.status).to.equal(201);
    return (await res.json()) as { submissionId: string; caseId: string };
  };
  const state = async (submissionId: string) =>
    ((await (await fetch(`${sim}/_sim/submissions/${submissionId}`)).json()) as { status: string })
      .status;
  const eventLog = async (caseId: string) =>
    (
      (await (await fetch(`${sim}/v1/cases/${caseId}/events`)).json()) as { eventLog: string[] }
    ).eventLog.map((t) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()));
  const documents = async (caseId: string) => {
    const res = await fetch(`${h.gatewayUrl}/api/v1/cases/${caseId}/documents`, {
      headers: { authorization: `Bearer ${await h.token(EMPLOYER)}` },
    });
    expect(res.status).to.equal(200);
    return ((await res.json()) as { documents: { type: string; name: string }[] }).documents;
  };

  it('starts the case with the attachment as its document, then confirms receipt', async () => {
    const sent = await submit([
      { bytes: PDF, mimeType: 'application/pdf', filename: 'pass.pdf', description: 'passport' },
    ]);
    const outcomes = await puller().pollOnce();
    const mine = outcomes.find((o) => o.submissionId === sent.submissionId);
    expect(mine?.outcome, JSON.stringify(mine)).to.equal('accepted');
    const caseId = mine!.caseId!;
    expect((await documents(caseId)).map((d) => [d.type, d.name])).to.deep.equal([
      ['PASSPORT', 'pass.pdf'],
    ]);
    expect(await state(sent.submissionId)).to.equal('accepted');
    const [set] = await eventLog(sent.caseId);
    expect(set.iss).to.equal(destinationId);
    expect(set.sub).to.equal(`submission:${sent.submissionId}`);
    expect(Object.keys(set.events)).to.deep.equal([SET_EVENTS.accept]);
    // Confirmed: the next round does not see it again.
    const again = await puller().pollOnce();
    expect(again.map((o) => o.submissionId)).not.to.include(sent.submissionId);
    const status = await new CaseClient(h.gatewayUrl, await h.token(EMPLOYER)).until(
      caseId,
      'the case running',
      (s) => s.state === 'ACTIVE',
    );
    expect(status.procedure).to.equal('wsa-application');
  });

  it('takes a submission again after a stop before the confirmation: the same case, one document', async () => {
    const sent = await submit([{ bytes: PDF, mimeType: 'application/pdf', filename: 'x.pdf' }]);
    // The poller stops (the confirmation never leaves) after the case has started.
    const stopped = puller({
      ...api,
      event: () => Promise.reject(new Error('poller stopped')),
    });
    const first = (await stopped.pollOnce()).find((o) => o.submissionId === sent.submissionId);
    expect(first?.outcome).to.equal('retry');
    expect(await state(sent.submissionId)).to.equal('submitted');

    const second = (await puller().pollOnce()).find((o) => o.submissionId === sent.submissionId);
    expect(second?.outcome, JSON.stringify(second)).to.equal('accepted');
    const docs = await documents(second!.caseId!);
    expect(docs.map((d) => [d.type, d.name])).to.deep.equal([['OTHER', 'x.pdf']]);
    expect(await state(sent.submissionId)).to.equal('accepted');
    expect(await eventLog(sent.caseId)).to.have.length(1);
  });

  it('refuses a submission whose attachment does not match its hash, naming it', async () => {
    const sent = await submit([
      { bytes: PDF, mimeType: 'application/pdf', filename: 'bad.pdf', wrongHash: true },
    ]);
    const mine = (await puller().pollOnce()).find((o) => o.submissionId === sent.submissionId);
    expect(mine?.outcome).to.equal('rejected');
    expect(mine?.problems?.[0]?.reason).to.equal('does not match the hash in the metadata');
    expect(mine?.problems?.[0]?.field).to.match(/^\/attachments\/[0-9a-f-]{36}$/);
    expect(await state(sent.submissionId)).to.equal('rejected');
    const [set] = await eventLog(sent.caseId);
    expect(Object.keys(set.events)).to.deep.equal([SET_EVENTS.reject]);
  });

  it('refuses a confirmation not signed with the destination’s key', async () => {
    const sent = await submit([]);
    const other = await generateKeyPair('PS512', { modulusLength: 2048 });
    const forged = puller(api, other.privateKey);
    const mine = (await forged.pollOnce()).find((o) => o.submissionId === sent.submissionId);
    expect(mine?.outcome).to.equal('retry');
    expect(mine?.reason).to.match(/403/);
    expect(await state(sent.submissionId)).to.equal('submitted');
    // The rightful destination takes it.
    const taken = (await puller().pollOnce()).find((o) => o.submissionId === sent.submissionId);
    expect(taken?.outcome).to.equal('accepted');
  });
});
