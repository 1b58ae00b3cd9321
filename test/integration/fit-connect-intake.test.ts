import { expect } from 'chai';
import { exportJWK, generateKeyPair } from 'jose';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { fitConnectIntake, startSubmission } from '../../workers/adapters/fit-connect.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER } from '../support/fixtures.js';
import { encryptedSubmission, LEIKA_SERVICE } from '../support/fit-connect.js';

/**
 * A submission as FIT-Connect delivers it (JWE data and metadata) opened by the intake adapter
 * and started through the real gateway and engine: delivered twice, it is one case.
 */
describe('FIT-Connect intake: a submission becomes a case', function () {
  this.timeout(90_000);
  let h: Harness;

  before(async () => {
    h = await getHarness();
  });

  it('decrypts, checks the hash, starts the mapped procedure once', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', {
      modulusLength: 2048,
    });
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    const { attachments: _none, ...envelope } = await encryptedSubmission(publicKey, {
      destinationId: 'wsa-destination',
      data: application,
    });
    const submission = { ...envelope, submissionId: crypto.randomUUID() };
    const intake = fitConnectIntake({
      privateKey: await exportJWK(privateKey),
      services: { [LEIKA_SERVICE]: 'wsa-application' },
      destinationId: 'wsa-destination',
    });
    const gateway = { url: h.gatewayUrl, token: () => h.token(EMPLOYER) };
    const first = await startSubmission(await intake.open(submission), gateway);
    expect(first.status).to.equal(201);
    const again = await startSubmission(await intake.open(submission), gateway);
    expect(again).to.deep.equal({ caseId: first.caseId, status: 200, documents: [] });

    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    // The projection follows the engine within moments: STARTING until then.
    const status = await eventually(async () => {
      const s = await cases.status(first.caseId);
      return s.state === 'ACTIVE' ? s : undefined;
    }, 'the case running');
    expect(status.procedure).to.equal('wsa-application');
  });
});
