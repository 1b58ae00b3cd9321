/**
 * Intake in the shape of FIT-Connect: an online service (OZG) sends a submission to the
 * platform's destination as FIT-Connect delivers it — `encryptedMetadata` and
 * `encryptedData`, each a JWE in compact serialisation (alg RSA-OAEP-256, enc A256GCM)
 * for the destination's encryption key, and its attachments, each a JWE of its own. The
 * metadata names the public service (a LeiKa identifier) and carries the SHA-512 hash of the
 * data and of every attachment (`contentStructure.attachments`), which must match what
 * decrypts.
 *
 * Real: the submission's envelope fields, the JWE algorithms, the metadata's
 * `contentStructure.data.hash`, `contentStructure.attachments` and `publicServiceType`. The
 * pulling from the Submission API and the confirmation are in `fit-connect-pull.ts`. The
 * service-to-procedure table and the attachments' document types are configuration. See
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
  /** The attachment ids the Submission API lists for the submission. */
  attachments?: string[];
  /** Not a FIT-Connect field: the attachments fetched by the puller, id → JWE. */
  encryptedAttachments?: Record<string, string>;
}

/** A decrypted, hash-checked attachment, to be stored as a document of the case. */
export interface IntakeDocument {
  attachmentId: string;
  /** The platform's document type (PASSPORT, DEGREE_CERTIFICATE, …, OTHER). */
  type: string;
  name: string;
  contentType: string;
  content: Uint8Array;
}

/** What the platform starts from a submission: the procedure, the application, a key. */
export interface IntakeApplication {
  procedure: string;
  /** The submission id: a submission delivered twice starts one case. */
  idempotencyKey: string;
  application: Record<string, unknown>;
  /** The submission's attachments (none for a channel without any). */
  documents: IntakeDocument[];
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
  /**
   * The platform's document types: an attachment whose metadata `description` names one is
   * stored as that type, any other as OTHER (FIT-Connect has no document types of its own).
   */
  documentTypes?: readonly string[];
}

/** The file types a case's document may have (the gateway checks the bytes again). */
const DOCUMENT_MIME_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

interface AttachmentMetadata {
  attachmentId?: string;
  hash?: { type?: string; content?: string };
  purpose?: string;
  filename?: string;
  mimeType?: string;
  description?: string;
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
        documents: await attachments(submission, metadata, await privateKey(), options),
      };
    },
  };
}

/**
 * Every attachment the metadata lists, decrypted and checked against its hash; the metadata
 * and the Submission API must name the same attachments.
 */
async function attachments(
  submission: FitConnectSubmission,
  metadata: Record<string, unknown>,
  key: KeyLike | Uint8Array,
  options: FitConnectOptions,
): Promise<IntakeDocument[]> {
  const listed = (metadata.contentStructure as { attachments?: unknown })?.attachments ?? [];
  const base = '/encryptedMetadata/contentStructure/attachments';
  if (!Array.isArray(listed)) throw new SubmissionRejected(base, 'is not a list');
  const announced = new Set(submission.attachments ?? []);
  const described = new Set(listed.map((a: AttachmentMetadata) => a?.attachmentId));
  for (const id of announced)
    if (!described.has(id))
      throw new SubmissionRejected(`/attachments/${id}`, 'not described in the metadata');
  const documents: IntakeDocument[] = [];
  for (const [i, raw] of listed.entries()) {
    const a = (raw ?? {}) as AttachmentMetadata;
    const at = `${base}/${i}`;
    if (typeof a.attachmentId !== 'string' || !announced.has(a.attachmentId))
      throw new SubmissionRejected(`${at}/attachmentId`, 'not among the submission’s attachments');
    if (a.hash?.type !== 'sha512' || typeof a.hash.content !== 'string')
      throw new SubmissionRejected(`${at}/hash`, 'no sha512 hash');
    if (!a.mimeType || !DOCUMENT_MIME_TYPES.includes(a.mimeType))
      throw new SubmissionRejected(
        `${at}/mimeType`,
        `not one of ${DOCUMENT_MIME_TYPES.join(', ')}`,
      );
    const jwe = submission.encryptedAttachments?.[a.attachmentId];
    if (!jwe) throw new SubmissionRejected(`/attachments/${a.attachmentId}`, 'not delivered');
    const content = await decrypt(key, jwe, `/attachments/${a.attachmentId}`);
    if (createHash('sha512').update(content).digest('hex') !== a.hash.content.toLowerCase())
      throw new SubmissionRejected(
        `/attachments/${a.attachmentId}`,
        'does not match the hash in the metadata',
      );
    const described = a.description?.trim().toUpperCase();
    documents.push({
      attachmentId: a.attachmentId,
      type: described && options.documentTypes?.includes(described) ? described : 'OTHER',
      name: (a.filename ?? `${a.attachmentId}`).slice(0, 200),
      contentType: a.mimeType,
      content,
    });
  }
  return documents;
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

/** What the gateway answered to a started submission. */
export interface StartedSubmission {
  caseId: string;
  /** 201 started, 200 the same submission again (the same case), else the refusal. */
  status: number;
  /** The gateway's answer when it refused (a problem naming the fields). */
  problem?: { errors?: { field: string; reason: string }[]; detail?: string };
  /** Per attachment: 201 stored, 200 already stored (the same file), else the refusal. */
  documents: { attachmentId: string; status: number }[];
}

/**
 * Starts the case of an opened submission through the platform's public API, as the intake
 * service account (a real FIT-Connect destination or a simulator: only the URL and key differ),
 * then stores its attachments as the case's documents. Safe to repeat: the submission id is the
 * start's idempotency key and the same file of the same type is one document.
 */
export async function startSubmission(
  application: IntakeApplication,
  gateway: { url: string; token: () => Promise<string> },
): Promise<StartedSubmission> {
  const token = await gateway.token();
  const res = await fetch(`${gateway.url}/api/v1/procedures/${application.procedure}/cases`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'idempotency-key': application.idempotencyKey,
    },
    body: JSON.stringify(application.application),
  });
  const body = (await res.json().catch(() => ({}))) as StartedSubmission['problem'] & {
    caseId?: string;
  };
  const caseId = body.caseId ?? '';
  if (res.status !== 200 && res.status !== 201)
    return { caseId, status: res.status, problem: body, documents: [] };
  const documents: StartedSubmission['documents'] = [];
  for (const d of application.documents) {
    const query = new URLSearchParams({ type: d.type, name: d.name });
    const stored = await fetch(
      `${gateway.url}/api/v1/cases/${encodeURIComponent(caseId)}/documents?${query}`,
      {
        method: 'POST',
        headers: { 'content-type': d.contentType, authorization: `Bearer ${token}` },
        body: d.content,
      },
    );
    await stored.body?.cancel();
    documents.push({ attachmentId: d.attachmentId, status: stored.status });
  }
  return { caseId, status: res.status, documents };
}
