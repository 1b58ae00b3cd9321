import { createHash } from 'node:crypto';
import type { Binary, Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../../common/mongo.js';

/**
 * Documents given to a case, stored in the MongoDB-wire store: the metadata in `documents`
 * and the bytes in `document_files` (so listing a case's documents never reads file bodies).
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

export class DocumentsStore {
  private readonly meta: Collection<DocumentMeta>;
  private readonly files: Collection<{ _id: string; content: Buffer | Binary }>;
  private readonly checks: Collection<AuthenticityCheck>;

  constructor(db: Db) {
    this.meta = db.collection<DocumentMeta>('documents');
    this.files = db.collection('document_files');
    this.checks = db.collection<AuthenticityCheck>('document_checks');
  }

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
    const existing = await this.meta.findOne({ _id });
    if (existing) return { document: existing, created: false };
    try {
      await this.files.insertOne({ _id, content });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const document: DocumentMeta = { _id, sha256, size: content.length, ...doc };
    try {
      await this.meta.insertOne(document);
      return { document, created: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return { document: (await this.meta.findOne({ _id }))!, created: false };
    }
  }

  get(id: string): Promise<DocumentMeta | null> {
    return this.meta.findOne({ _id: id });
  }

  /** A case's documents (a scan on the local store: see bench/RESULTS.md). */
  list(caseId: string): Promise<DocumentMeta[]> {
    return this.meta.find({ caseId }).sort({ uploadedAt: 1 }).toArray();
  }

  async content(id: string): Promise<Buffer | null> {
    const file = await this.files.findOne({ _id: id });
    if (!file) return null;
    const c = file.content;
    return Buffer.isBuffer(c) ? c : Buffer.from(c.buffer);
  }

  /** Records an authority's check; the first record per document and authority stands. */
  async recordCheck(
    check: Omit<AuthenticityCheck, '_id'>,
  ): Promise<{ check: AuthenticityCheck; created: boolean }> {
    const _id = `${check.documentId}:${check.authority}`;
    try {
      await this.checks.insertOne({ _id, ...check });
      return { check: { _id, ...check }, created: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return { check: (await this.checks.findOne({ _id }))!, created: false };
    }
  }

  checksOf(caseId: string): Promise<AuthenticityCheck[]> {
    return this.checks.find({ caseId }).toArray();
  }
}
