import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { CompactEncrypt, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { fitConnectIntake, startSubmission } from '../../workers/adapters/fit-connect.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { EMPLOYER } from '../support/fixtures.js';

const SERVICE = 'urn:de:fim:leika:leistung:99010003001006';

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

  const encrypt = (key: KeyLike, bytes: Uint8Array) =>
    new CompactEncrypt(bytes)
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(key);

  it('decrypts, checks the hash, starts the mapped procedure once', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', {
      modulusLength: 2048,
    });
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    const data = new TextEncoder().encode(JSON.stringify(application));
    const submission = {
      submissionId: crypto.randomUUID(),
      caseId: crypto.randomUUID(),
      destinationId: 'wsa-destination',
      serviceType: { name: 'Fachkräfteeinwanderung', identifier: SERVICE },
      encryptedData: await encrypt(publicKey, data),
      encryptedMetadata: await encrypt(
        publicKey,
        new TextEncoder().encode(
          JSON.stringify({
            contentStructure: {
              data: {
                hash: { type: 'sha512', content: createHash('sha512').update(data).digest('hex') },
                submissionSchema: {
                  schemaUri: 'urn:wsa:wsa-application',
                  mimeType: 'application/json',
                },
              },
              attachments: [],
            },
            publicServiceType: { identifier: SERVICE },
          }),
        ),
      ),
    };
    const intake = fitConnectIntake({
      privateKey: await exportJWK(privateKey),
      services: { [SERVICE]: 'wsa-application' },
      destinationId: 'wsa-destination',
    });
    const gateway = { url: h.gatewayUrl, token: () => h.token(EMPLOYER) };
    const first = await startSubmission(await intake.open(submission), gateway);
    expect(first.status).to.equal(201);
    const again = await startSubmission(await intake.open(submission), gateway);
    expect(again).to.deep.equal({ caseId: first.caseId, status: 200 });

    const cases = new CaseClient(h.gatewayUrl, await h.token(EMPLOYER));
    // The projection follows the engine within moments: STARTING until then.
    const status = await eventually(async () => {
      const s = await cases.status(first.caseId);
      return s.state === 'ACTIVE' ? s : undefined;
    }, 'the case running');
    expect(status.procedure).to.equal('wsa-application');
  });
});
