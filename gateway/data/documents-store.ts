import { createHash } from 'node:crypto';
import type { Queryable } from '../../common/db.js';

/**
 * Documents given to a case: the metadata in `read_model.documents` and the bytes (bytea) in
 * `document_files` (so listing a case's documents never reads file bodies).
 * A document is identified by its case and the SHA-256 of its content: the same file
 * uploaded again is the same document ("upload once"). Authenticity checks are their own
 * records (`document_checks`), one per document and checking authority, written once.
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

export const documentId = (caseId: string, sha256: string) => `${caseId}:${sha256}`;

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
    const _id = documentId(doc.caseId, sha256);
    const existing = await this.get(_id);
    if (existing) return { document: existing, created: false };
    await this.db.query(
      'insert into read_model.document_files (id, content) values ($1, $2) on conflict (id) do nothing',
      [_id, content],
    );
    const document: DocumentMeta = { _id, sha256, size: content.length, ...doc };
    const inserted = await this.db.query(
      `insert into read_model.documents (id, case_id, type, name, content_type, size, sha256,
         uploaded_at, uploaded_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (id) do nothing`,
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
    return { document: (await this.get(_id))!, created: false };
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

  async content(id: string): Promise<Buffer | null> {
    const { rows } = await this.db.query<{ content: Buffer }>(
      'select content from read_model.document_files where id = $1',
      [id],
    );
    return rows[0]?.content ?? null;
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
