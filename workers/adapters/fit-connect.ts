/**
 * Intake in the shape of FIT-Connect: an online service (OZG) sends a submission to the
 * platform's destination as FIT-Connect delivers it — `encryptedMetadata` and
 * `encryptedData`, each a JWE in compact serialisation (alg RSA-OAEP-256, enc A256GCM)
 * for the destination's encryption key. The metadata names the public service (a LeiKa
 * identifier) and carries the SHA-512 hash of the data, which must match the decrypted data.
 *
 * Real: the submission's envelope fields, the JWE algorithms and the metadata's
 * `contentStructure.data.hash` / `publicServiceType`. Simplified: no FIT-Connect
 * Submission API (polling, event log with SETs, confirmation) and no attachments; the
 * service-to-procedure table is configuration (`FIT_CONNECT_SERVICES`). See
 * docs/partner-standards.md.
 */
import { createHash } from 'node:crypto';
import { compactDecrypt, importJWK, type JWK, type KeyLike } from 'jose';

export interface FitConnectSubmission {
  submissionId: string;
  caseId: string;
  destinationId: string;
  serviceType: { name?: string; identifier: string };
  encryptedMetadata: string;
  encryptedData: string;
}

/** What the platform starts from a submission: the procedure, the application, a key. */
export interface IntakeApplication {
  procedure: string;
  /** The submission id: a submission delivered twice starts one case. */
  idempotencyKey: string;
  application: Record<string, unknown>;
}

/** The adapter interface every intake channel implements. */
export interface SubmissionIntake<S> {
  open(submission: S): Promise<IntakeApplication>;
}

/** A submission the platform cannot take, naming the field and why (a 4xx, never retried). */
export class SubmissionRejected extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'SubmissionRejected';
  }
}

export interface FitConnectOptions {
  /** The destination's private decryption key (JWK with alg RSA-OAEP-256, or a KeyLike). */
  privateKey: JWK | KeyLike;
  /** LeiKa service identifier → procedure (e.g. "urn:de:fim:leika:leistung:99010003001006"). */
  services: Record<string, string>;
  /** When set, only submissions to this destination are taken. */
  destinationId?: string;
}

const ALGORITHMS = {
  keyManagementAlgorithms: ['RSA-OAEP-256'],
  contentEncryptionAlgorithms: ['A256GCM'],
};

export function fitConnectIntake(
  options: FitConnectOptions,
): SubmissionIntake<FitConnectSubmission> {
  let key: Promise<KeyLike | Uint8Array> | undefined;
  const privateKey = () =>
    (key ??= isJwk(options.privateKey)
      ? importJWK(options.privateKey, 'RSA-OAEP-256')
      : Promise.resolve(options.privateKey));

  return {
    async open(submission) {
      for (const field of ['submissionId', 'encryptedMetadata', 'encryptedData'] as const) {
        if (typeof submission[field] !== 'string' || submission[field] === '')
          throw new SubmissionRejected(`/${field}`, 'missing');
      }
      if (options.destinationId && submission.destinationId !== options.destinationId)
        throw new SubmissionRejected('/destinationId', 'not this platform’s destination');

      const metadata = parseJson(
        await decrypt(await privateKey(), submission.encryptedMetadata, '/encryptedMetadata'),
        '/encryptedMetadata',
      );
      const dataBytes = await decrypt(
        await privateKey(),
        submission.encryptedData,
        '/encryptedData',
      );

      const hash = (
        metadata.contentStructure as { data?: { hash?: { type?: string; content?: string } } }
      )?.data?.hash;
      if (hash?.type !== 'sha512' || typeof hash.content !== 'string')
        throw new SubmissionRejected(
          '/encryptedMetadata/contentStructure/data/hash',
          'no sha512 hash',
        );
      const actual = createHash('sha512').update(dataBytes).digest('hex');
      if (actual !== hash.content.toLowerCase())
        throw new SubmissionRejected('/encryptedData', 'does not match the hash in the metadata');

      const service =
        (metadata.publicServiceType as { identifier?: string } | undefined)?.identifier ??
        submission.serviceType?.identifier;
      if (submission.serviceType?.identifier && service !== submission.serviceType.identifier)
        throw new SubmissionRejected('/serviceType/identifier', 'differs from the metadata');
      const procedure = service ? options.services[service] : undefined;
      if (!procedure)
        throw new SubmissionRejected(
          '/serviceType/identifier',
          `no procedure for service ${service ?? '(none)'}`,
        );

      return {
        procedure,
        idempotencyKey: `fit-connect-${submission.submissionId}`,
        application: parseJson(dataBytes, '/encryptedData'),
      };
    },
  };
}

async function decrypt(key: KeyLike | Uint8Array, jwe: string, field: string): Promise<Uint8Array> {
  try {
    const { plaintext } = await compactDecrypt(jwe, key, ALGORITHMS);
    return plaintext;
  } catch (err) {
    throw new SubmissionRejected(field, `cannot be decrypted (${(err as Error).message})`);
  }
}

function parseJson(bytes: Uint8Array, field: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SubmissionRejected(field, 'is not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new SubmissionRejected(field, 'is not a JSON object');
  return value as Record<string, unknown>;
}

const isJwk = (k: JWK | KeyLike): k is JWK => typeof (k as JWK).kty === 'string';

/**
 * Starts the case of an opened submission through the platform's public API, as the intake
 * service account (a real FIT-Connect destination or a simulator: only the URL and key differ).
 */
export async function startSubmission(
  application: IntakeApplication,
  gateway: { url: string; token: () => Promise<string> },
): Promise<{ caseId: string; status: number }> {
  const res = await fetch(`${gateway.url}/api/v1/procedures/${application.procedure}/cases`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await gateway.token()}`,
      'idempotency-key': application.idempotencyKey,
    },
    body: JSON.stringify(application.application),
  });
  const body = (await res.json().catch(() => ({}))) as { caseId?: string };
  return { caseId: body.caseId ?? '', status: res.status };
}
