import { createHash, randomUUID } from 'node:crypto';
import { CompactEncrypt, type KeyLike } from 'jose';

/**
 * The sender's side of FIT-Connect, as an online service does it: the data, the metadata and
 * every attachment encrypted for the destination's key (JWE RSA-OAEP-256 / A256GCM), the
 * metadata carrying the SHA-512 of the data and of each attachment.
 */
export const LEIKA_SERVICE = 'urn:de:fim:leika:leistung:99010003001006';

export const encryptFor = (key: KeyLike, bytes: Uint8Array) =>
  new CompactEncrypt(bytes)
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
    .encrypt(key);

const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('hex');

export interface SenderAttachment {
  bytes: Uint8Array;
  mimeType: string;
  filename: string;
  description?: string;
  /** A hash that does not match (a tampered or broken upload). */
  wrongHash?: boolean;
}

export async function encryptedSubmission(
  key: KeyLike,
  o: {
    destinationId: string;
    data: unknown;
    service?: string;
    attachments?: SenderAttachment[];
  },
) {
  const service = o.service ?? LEIKA_SERVICE;
  const data = new TextEncoder().encode(JSON.stringify(o.data));
  const attachments = (o.attachments ?? []).map((a) => ({ ...a, attachmentId: randomUUID() }));
  const metadata = {
    contentStructure: {
      data: {
        hash: { type: 'sha512', content: sha512(data) },
        submissionSchema: { schemaUri: 'urn:wsa:wsa-application', mimeType: 'application/json' },
      },
      attachments: attachments.map((a) => ({
        attachmentId: a.attachmentId,
        hash: { type: 'sha512', content: a.wrongHash ? sha512(data) : sha512(a.bytes) },
        purpose: 'attachment',
        filename: a.filename,
        mimeType: a.mimeType,
        ...(a.description ? { description: a.description } : {}),
      })),
    },
    publicServiceType: { identifier: service },
  };
  return {
    caseId: randomUUID(),
    destinationId: o.destinationId,
    serviceType: { name: 'Fachkräfteeinwanderung', identifier: service },
    encryptedData: await encryptFor(key, data),
    encryptedMetadata: await encryptFor(key, new TextEncoder().encode(JSON.stringify(metadata))),
    attachments: Object.fromEntries(
      await Promise.all(
        attachments.map(async (a) => [a.attachmentId, await encryptFor(key, a.bytes)] as const),
      ),
    ),
  };
}
