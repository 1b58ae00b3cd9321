import { createHash } from 'node:crypto';
import type { Queryable } from '../../common/db.js';

/**
 * Documents given to a case: the metadata in `read_model.documents` and the bytes (bytea) in
 * `document_files` (so listing a case's documents never reads file bodies).
 * A document is its case, its type and the SHA-256 of its content: the same file uploaded
 * again as the same type is the same document ("upload once"); as another type it is a second
 * document of that type (one scan holding passport and degree). Its id is short enough to be
 * referenced in messages (`doc-` and 24 hex digits, derived from case, type and content);
 * documents stored before keep their `<case id>:<sha256>` ids. The bytes are kept once per
 * case and content, under `<case id>:<sha256>`. Authenticity checks are their own records
 * (`document_checks`), one per document and checking authority, written once; the documents
 * a party gave an authority in answer to its request are shared with it (`document_shares`).
 */
export interface DocumentMeta {
  _id: string;
  caseId: string;
  type: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: Date;
  uploadedBy: { subject: string; role: string };
}

export interface AuthenticityCheck {
  _id: string;
  documentId: string;
  caseId: string;
  result: 'AUTHENTIC' | 'NOT_AUTHENTIC' | 'INCONCLUSIVE';
  method: string;
  authority: string;
  checkedBy: string;
  checkedAt: Date;
}

/** A document's id: short, and the same for the same case, type and content. */
export const documentId = (caseId: string, type: string, sha256: string) =>
  `doc-${createHash('sha256').update(`${caseId}\n${type}\n${sha256}`).digest('hex').slice(0, 24)}`;

/** Where a case's file with this content is kept (the old document ids were this too). */
const fileId = (caseId: string, sha256: string) => `${caseId}:${sha256}`;

type DocumentRow = {
  id: string;
  case_id: string;
  type: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by: DocumentMeta['uploadedBy'];
};

const documentFromRow = (r: DocumentRow): DocumentMeta => ({
  _id: r.id,
  caseId: r.case_id,
  type: r.type,
  name: r.name,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
  uploadedBy: r.uploaded_by,
});

type CheckRow = {
  id: string;
  document_id: string;
  case_id: string;
  result: AuthenticityCheck['result'];
  method: string;
  authority: string;
  checked_by: string;
  checked_at: Date;
};

const checkFromRow = (r: CheckRow): AuthenticityCheck => ({
  _id: r.id,
  documentId: r.document_id,
  caseId: r.case_id,
  result: r.result,
  method: r.method,
  authority: r.authority,
  checkedBy: r.checked_by,
  checkedAt: r.checked_at,
});

export class DocumentsStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Stores the file unless this case has it already. The bytes are written first: a
   * crash in between leaves an unreferenced file, never metadata without its file.
   */
  async add(
    doc: Omit<DocumentMeta, '_id' | 'sha256' | 'size'>,
    content: Buffer,
  ): Promise<{ document: DocumentMeta; created: boolean }> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const existing = await this.find(doc.caseId, doc.type, sha256);
    if (existing) return { document: existing, created: false };
    const _id = documentId(doc.caseId, doc.type, sha256);
    await this.db.query(
      'insert into read_model.document_files (id, content) values ($1, $2) on conflict (id) do nothing',
      [fileId(doc.caseId, sha256), content],
    );
    const document: DocumentMeta = { _id, sha256, size: content.length, ...doc };
    const inserted = await this.db.query(
      `insert into read_model.documents (id, case_id, type, name, content_type, size, sha256,
         uploaded_at, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict do nothing`,
      [
        _id,
        document.caseId,
        document.type,
        document.name,
        document.contentType,
        document.size,
        sha256,
        document.uploadedAt,
        JSON.stringify(document.uploadedBy),
      ],
    );
    if (inserted.rowCount === 1) return { document, created: true };
    return { document: (await this.find(doc.caseId, doc.type, sha256))!, created: false };
  }

  /** The case's document of this type with this content, whatever its id. */
  private async find(caseId: string, type: string, sha256: string): Promise<DocumentMeta | null> {
    const { rows } = await this.db.query<DocumentRow>(
      'select * from read_model.documents where case_id = $1 and type = $2 and sha256 = $3',
      [caseId, type, sha256],
    );
    return rows[0] ? documentFromRow(rows[0]) : null;
  }

  async get(id: string): Promise<DocumentMeta | null> {
    const { rows } = await this.db.query<DocumentRow>(
      'select * from read_model.documents where id = $1',
      [id],
    );
    return rows[0] ? documentFromRow(rows[0]) : null;
  }

  /** A case's documents, oldest first. */
  async list(caseId: string): Promise<DocumentMeta[]> {
    const { rows } = await this.db.query<DocumentRow>(
      'select * from read_model.documents where case_id = $1 order by uploaded_at, id',
      [caseId],
    );
    return rows.map(documentFromRow);
  }

  async content(doc: Pick<DocumentMeta, 'caseId' | 'sha256'>): Promise<Buffer | null> {
    const { rows } = await this.db.query<{ content: Buffer }>(
      'select content from read_model.document_files where id = $1',
      [fileId(doc.caseId, doc.sha256)],
    );
    return rows[0]?.content ?? null;
  }

  /** Shares documents of a case with an audience (an authority that asked for them); once. */
  async share(caseId: string, documentIds: string[], audience: string, at: Date): Promise<void> {
    if (documentIds.length === 0) return;
    await this.db.query(
      `insert into read_model.document_shares (document_id, audience, case_id, shared_at)
       select unnest($1::text[]), $2, $3, $4 on conflict do nothing`,
      [documentIds, audience, caseId, at],
    );
  }

  /** The documents of a case shared with an audience. */
  async sharedWith(caseId: string, audience: string): Promise<Set<string>> {
    const { rows } = await this.db.query<{ document_id: string }>(
      'select document_id from read_model.document_shares where case_id = $1 and audience = $2',
      [caseId, audience],
    );
    return new Set(rows.map((r) => r.document_id));
  }

  /** Records an authority's check; the first record per document and authority stands. */
  async recordCheck(
    check: Omit<AuthenticityCheck, '_id'>,
  ): Promise<{ check: AuthenticityCheck; created: boolean }> {
    const _id = `${check.documentId}:${check.authority}`;
    const inserted = await this.db.query(
      `insert into read_model.document_checks (id, document_id, case_id, result, method,
         authority, checked_by, checked_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (id) do nothing`,
      [
        _id,
        check.documentId,
        check.caseId,
        check.result,
        check.method,
        check.authority,
        check.checkedBy,
        check.checkedAt,
      ],
    );
    if (inserted.rowCount === 1) return { check: { _id, ...check }, created: true };
    const { rows } = await this.db.query<CheckRow>(
      'select * from read_model.document_checks where id = $1',
      [_id],
    );
    return { check: checkFromRow(rows[0]!), created: false };
  }

  async checksOf(caseId: string): Promise<AuthenticityCheck[]> {
    const { rows } = await this.db.query<CheckRow>(
      'select * from read_model.document_checks where case_id = $1 order by checked_at, id',
      [caseId],
    );
    return rows.map(checkFromRow);
  }
}
