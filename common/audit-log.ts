import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo.js';

/**
 * The audit log: who did what, when, to which case — every access to personal data and every
 * action through the API. Append-only and hash-chained: each entry carries the hash of the
 * one before, so changing or removing an entry breaks the chain from there on, and
 * `npm run audit:verify` says where.
 *
 * Entries are numbered (`_id` = zero-padded sequence). Writers append in order within a
 * process; a second gateway process appending the same number gets a duplicate key, reloads
 * the head and tries again, so the chain stays one line.
 */
export interface AuditActor {
  subject: string;
  role: string;
  authority?: string;
  organisation?: string;
}

export interface AuditEvent {
  actor: AuditActor;
  /** The API operation (OpenAPI operationId), e.g. get-case-status, start-wsa-application. */
  action: string;
  method: string;
  path: string;
  status: number;
  caseId?: string;
  requestId?: string;
}

export interface AuditEntry extends AuditEvent {
  _id: string;
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const SEQ_DIGITS = 16;

export const seqId = (seq: number) => String(seq).padStart(SEQ_DIGITS, '0');

/** Canonical JSON (sorted keys), so the hash does not depend on key order in the store. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function entryHash(entry: Omit<AuditEntry, 'hash' | '_id'>): string {
  return createHash('sha256').update(canonical(entry)).digest('hex');
}

export class AuditLog {
  private readonly entries: Collection<AuditEntry>;
  private head: { seq: number; hash: string } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(db: Db, collection = 'audit_log') {
    this.entries = db.collection<AuditEntry>(collection);
  }

  /** Appends one entry; resolves when it is stored. Appends run one after another. */
  append(event: AuditEvent, at = new Date()): Promise<AuditEntry> {
    const next = this.queue.then(() => this.appendNow(event, at));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every append asked for so far is written (or failed). */
  async flush(): Promise<void> {
    await this.queue;
  }

  private async appendNow(event: AuditEvent, at: Date): Promise<AuditEntry> {
    for (let attempt = 0; attempt < 20; attempt++) {
      this.head ??= await this.loadHead();
      const seq = this.head.seq + 1;
      const body = { ...event, seq, at: at.toISOString(), prevHash: this.head.hash };
      const entry: AuditEntry = { _id: seqId(seq), ...body, hash: entryHash(body) };
      try {
        await this.entries.insertOne(entry);
        this.head = { seq, hash: entry.hash };
        return entry;
      } catch (err) {
        this.head = undefined; // another writer appended first, or the store failed: reload
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    throw new Error('audit log: could not append after 20 attempts');
  }

  private async loadHead(): Promise<{ seq: number; hash: string }> {
    const last = await this.entries.find().sort({ _id: -1 }).limit(1).next();
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Checks the whole chain in order: numbering without gaps, each entry's hash, and each
   * link to the entry before. Returns the first entry that breaks it, if any.
   */
  async verify(): Promise<{ ok: boolean; entries: number; brokenAt?: number; reason?: string }> {
    let prev = { seq: 0, hash: GENESIS_HASH };
    let count = 0;
    for await (const e of this.entries.find().sort({ _id: 1 })) {
      count += 1;
      const { _id, hash, ...body } = e;
      if (e.seq !== prev.seq + 1 || _id !== seqId(e.seq))
        return { ok: false, entries: count, brokenAt: prev.seq + 1, reason: 'entry missing' };
      if (e.prevHash !== prev.hash)
        return { ok: false, entries: count, brokenAt: e.seq, reason: 'link to previous broken' };
      if (entryHash(body) !== hash)
        return { ok: false, entries: count, brokenAt: e.seq, reason: 'entry changed' };
      prev = { seq: e.seq, hash };
    }
    return { ok: true, entries: count };
  }
}
