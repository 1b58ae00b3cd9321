import type { Procedure } from '../../processes/registry.js';
import { own } from '../../common/own.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import type { AuthenticityCheck, DocumentMeta, DocumentsStore } from '../data/documents-store.js';
import { audienceOf, mayReadDocument } from '../data-minimisation.js';
import { Problem } from '../problem.js';
import { readableCase, visibleCase } from './visible-case.js';

/**
 * Documents of a case: the parties upload (once: the same content as the same type is the
 * same document), everyone who may see the case lists and downloads the types their part
 * needs and the documents given to their authority on its request, and an
 * authority records whether a document is authentic — shown with the document to everyone
 * who sees it, so no authority checks it twice.
 */
type Deps = {
  cases: CasesStore;
  procedures: Map<string, Procedure>;
  documents: DocumentsStore;
  projection: Pick<ProjectionReader, 'caseInstances'>;
};

export interface DocumentView {
  documentId: string;
  type: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string;
  authenticity: {
    result: AuthenticityCheck['result'];
    method: string;
    authority: string;
    checkedBy: string;
    checkedAt: string;
  }[];
  href: string;
}

const PARTY_ROLES = ['applicant', 'employer', 'agent'];

/** Magic numbers: the bytes must be what the content type says. */
const SIGNATURES: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

function view(doc: DocumentMeta, checks: AuthenticityCheck[]): DocumentView {
  return {
    documentId: doc._id,
    type: doc.type,
    name: doc.name,
    contentType: doc.contentType,
    size: doc.size,
    sha256: doc.sha256,
    uploadedAt: doc.uploadedAt.toISOString(),
    uploadedBy: doc.uploadedBy.role,
    authenticity: checks
      .filter((c) => c.documentId === doc._id)
      .map((c) => ({
        result: c.result,
        method: c.method,
        authority: c.authority,
        checkedBy: c.checkedBy,
        checkedAt: c.checkedAt.toISOString(),
      })),
    href: `/api/v1/cases/${doc.caseId}/documents/${encodeURIComponent(doc._id)}/content`,
  };
}

export async function uploadDocument(
  deps: Deps,
  principal: Principal,
  caseId: string,
  file: { type: string; name: string; contentType: string; content: Buffer },
): Promise<{ document: DocumentView; created: boolean }> {
  await visibleCase(deps, principal, caseId);
  if (!PARTY_ROLES.includes(principal.role))
    throw Problem.forbidden('Documents are given by the applicant, the employer or their agent');
  const signature = own(SIGNATURES, file.contentType);
  if (!signature || !signature.every((byte, i) => file.content[i] === byte))
    throw new Problem(
      415,
      'content-mismatch',
      'The file is not what its content type says',
      `The bytes are not a ${file.contentType} file`,
      [{ field: 'header:Content-Type', reason: 'does not match the file content' }],
    );
  const { document, created } = await deps.documents.add(
    {
      caseId,
      type: file.type,
      name: file.name,
      contentType: file.contentType,
      uploadedAt: new Date(),
      uploadedBy: { subject: principal.subject, role: principal.role },
    },
    file.content,
  );
  return { document: view(document, []), created };
}

export async function listDocuments(
  deps: Deps,
  principal: Principal,
  caseId: string,
): Promise<DocumentView[]> {
  await readableCase(deps, principal, caseId);
  const [docs, checks, shared] = await Promise.all([
    deps.documents.list(caseId),
    deps.documents.checksOf(caseId),
    sharedWithCaller(deps, principal, caseId),
  ]);
  return docs.filter((d) => mayReadDocument(principal, d, shared)).map((d) => view(d, checks));
}

/** The documents of the case a party gave the caller's authority when it asked for them. */
async function sharedWithCaller(
  deps: Deps,
  principal: Principal,
  caseId: string,
): Promise<Set<string>> {
  const audience = audienceOf(principal);
  if (principal.role !== 'caseworker' && principal.role !== 'partner') return new Set();
  return audience ? deps.documents.sharedWith(caseId, audience) : new Set();
}

async function readableDocument(
  deps: Deps,
  principal: Principal,
  caseId: string,
  documentId: string,
): Promise<DocumentMeta> {
  await readableCase(deps, principal, caseId);
  const doc = await deps.documents.get(documentId);
  if (
    !doc ||
    doc.caseId !== caseId ||
    !mayReadDocument(principal, doc, await sharedWithCaller(deps, principal, caseId))
  )
    throw Problem.notFound(`No document ${documentId} in case ${caseId}`);
  return doc;
}

export async function downloadDocument(
  deps: Deps,
  principal: Principal,
  caseId: string,
  documentId: string,
): Promise<{ meta: DocumentMeta; content: Buffer }> {
  const meta = await readableDocument(deps, principal, caseId, documentId);
  const content = await deps.documents.content(meta);
  if (!content) throw new Error(`document ${documentId} has metadata but no file`);
  return { meta, content };
}

export async function recordAuthenticity(
  deps: Deps,
  principal: Principal,
  caseId: string,
  documentId: string,
  body: { result: AuthenticityCheck['result']; method: string },
): Promise<{ document: DocumentView; created: boolean }> {
  if (principal.role !== 'caseworker' && principal.role !== 'partner')
    throw Problem.forbidden('Authenticity is checked by an authority');
  const doc = await readableDocument(deps, principal, caseId, documentId);
  const { created } = await deps.documents.recordCheck({
    documentId,
    caseId,
    result: body.result,
    method: body.method,
    authority: String(audienceOf(principal)),
    checkedBy: principal.subject,
    checkedAt: new Date(),
  });
  return { document: view(doc, await deps.documents.checksOf(caseId)), created };
}
