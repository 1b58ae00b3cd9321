import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { CompactEncrypt, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import {
  fitConnectIntake,
  SubmissionRejected,
  type FitConnectSubmission,
} from '../../../workers/adapters/fit-connect.js';
import { encryptedSubmission } from '../../support/fit-connect.js';

const SERVICE = 'urn:de:fim:leika:leistung:99010003001006';
const application = { applicant: { givenName: 'Ana', familyName: 'Lima' } };

async function encrypt(key: KeyLike, value: unknown): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value)))
    .setProtectedHeader({
      alg: 'RSA-OAEP-256',
      enc: 'A256GCM',
      zip: undefined,
      cty: 'application/json',
    })
    .encrypt(key);
}

describe('FIT-Connect intake adapter', () => {
  let publicKey: KeyLike;
  let privateKey: KeyLike;
  before(async () => {
    ({ publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', { modulusLength: 2048 }));
  });

  async function submission(
    data: unknown = application,
    hashOf: unknown = data,
    service = SERVICE,
  ): Promise<FitConnectSubmission> {
    const hash = createHash('sha512').update(JSON.stringify(hashOf)).digest('hex');
    return {
      submissionId: 'b5b4ef8f-2a4f-4f56-9d3c-0c4d1b0d2a11',
      caseId: 'c1',
      destinationId: 'dest-1',
      serviceType: { name: 'Aufenthaltserlaubnis', identifier: service },
      encryptedMetadata: await encrypt(publicKey, {
        contentStructure: {
          data: {
            hash: { type: 'sha512', content: hash },
            submissionSchema: {
              schemaUri: 'urn:wsa:residence-permit',
              mimeType: 'application/json',
            },
          },
          attachments: [],
        },
        publicServiceType: { name: 'Aufenthaltserlaubnis', identifier: service },
      }),
      encryptedData: await encrypt(publicKey, data),
    };
  }

  async function rejection(p: Promise<unknown>): Promise<SubmissionRejected> {
    try {
      await p;
    } catch (err) {
      expect(err).to.be.instanceOf(SubmissionRejected);
      return err as SubmissionRejected;
    }
    throw new Error('the submission was taken');
  }

  it('decrypts the submission, checks its hash and maps the service to a procedure', async () => {
    const intake = fitConnectIntake({
      privateKey: await exportJWK(privateKey),
      services: { [SERVICE]: 'residence-permit' },
      destinationId: 'dest-1',
    });
    const opened = await intake.open(await submission());
    expect(opened).to.deep.equal({
      procedure: 'residence-permit',
      idempotencyKey: 'fit-connect-b5b4ef8f-2a4f-4f56-9d3c-0c4d1b0d2a11',
      application,
      documents: [],
    });
  });

  it('refuses data whose SHA-512 does not match the metadata', async () => {
    const intake = fitConnectIntake({ privateKey, services: { [SERVICE]: 'residence-permit' } });
    const err = await rejection(intake.open(await submission(application, { other: true })));
    expect(err.field).to.equal('/encryptedData');
    expect(err.reason).to.match(/hash/);
  });

  it('refuses a service without a procedure, another destination and a foreign key', async () => {
    const intake = fitConnectIntake({ privateKey, services: {}, destinationId: 'dest-1' });
    expect((await rejection(intake.open(await submission()))).field).to.equal(
      '/serviceType/identifier',
    );
    const elsewhere = { ...(await submission()), destinationId: 'dest-2' };
    expect((await rejection(intake.open(elsewhere))).field).to.equal('/destinationId');
    const other = await generateKeyPair('RSA-OAEP-256', { modulusLength: 2048 });
    const foreign = fitConnectIntake({
      privateKey: other.privateKey,
      services: { [SERVICE]: 'x' },
    });
    expect((await rejection(foreign.open(await submission()))).field).to.equal(
      '/encryptedMetadata',
    );
  });
  it('opens the attachments the metadata lists, each checked against its hash', async () => {
    const intake = fitConnectIntake({
      privateKey,
      services: { [SERVICE]: 'residence-permit' },
      documentTypes: ['PASSPORT', 'OTHER'],
    });
    const pdf = new TextEncoder().encode('%PDF-1.4 scan');
    const sent = async (attachments: Parameters<typeof encryptedSubmission>[1]['attachments']) => {
      const s = await encryptedSubmission(publicKey, {
        destinationId: 'd',
        data: application,
        attachments,
      });
      return {
        ...s,
        submissionId: 's1',
        attachments: Object.keys(s.attachments),
        encryptedAttachments: s.attachments,
      };
    };
    const ok = await sent([
      { bytes: pdf, mimeType: 'application/pdf', filename: 'p.pdf', description: 'Passport' },
    ]);
    const opened = await intake.open(ok);
    expect(opened.documents.map((d) => [d.type, d.name, d.contentType])).to.deep.equal([
      ['PASSPORT', 'p.pdf', 'application/pdf'],
    ]);
    expect(new TextDecoder().decode(opened.documents[0]!.content)).to.equal('%PDF-1.4 scan');

    const tampered = await sent([
      { bytes: pdf, mimeType: 'application/pdf', filename: 'p.pdf', wrongHash: true },
    ]);
    const id = tampered.attachments[0]!;
    expect(await rejection(intake.open(tampered))).to.include({
      field: `/attachments/${id}`,
      reason: 'does not match the hash in the metadata',
    });
    expect((await rejection(intake.open({ ...ok, encryptedAttachments: {} }))).reason).to.equal(
      'not delivered',
    );
    expect(
      (await rejection(intake.open({ ...ok, attachments: [...ok.attachments, 'x'] }))).field,
    ).to.equal('/attachments/x');
    expect((await rejection(intake.open({ ...ok, attachments: [] }))).field).to.equal(
      '/encryptedMetadata/contentStructure/attachments/0/attachmentId',
    );
    const exe = await sent([
      { bytes: pdf, mimeType: 'application/x-msdownload', filename: 'a.exe' },
    ]);
    expect((await rejection(intake.open(exe))).field).to.equal(
      '/encryptedMetadata/contentStructure/attachments/0/mimeType',
    );
  });
});
