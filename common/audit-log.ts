import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Collection, Db } from 'mongodb';

/**
 * The audit log: who did what, when, to which case — every access to personal data and every
 * action through the API. Append-only and hash-chained: each entry carries the hash of the
 * one before, so changing or removing an entry breaks the chain from there on, and
 * `npm run audit:verify` says where.
 *
 * One chain per writer (a gateway process from its start to its stop): a writer is the only
 * one appending to its chain, so it can append in batches — one insert for all the entries
 * that came in while the last insert ran — with no race for the next number. (One chain
 * shared by all gateways meant one insert at a time and retries on every collision: about
 * 250 entries a second under load on the local store, which capped the whole API.) Every
 * chain is registered in `<collection>_chains` when it starts and closed there with its last
 * number and hash when the writer stops, so a removed chain or a cut-off end of a closed
 * chain is found too.
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
  /** The writer's chain (see above). */
  chain: string;
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const SEQ_DIGITS = 16;
/** Entries written with one insert at most. */
const BATCH = 500;

export const seqId = (seq: number) => String(seq).padStart(SEQ_DIGITS, '0');
/** An entry's `_id`: its chain, then its number, so that `_id` order is chain order. */
export const entryId = (chain: string, seq: number) => `${chain}:${seqId(seq)}`;

/** A new writer's chain: host, process and start time (readable in the log, never reused). */
export function newChainId(): string {
  return `${hostname()}-${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

interface ChainRecord {
  _id: string;
  openedAt: string;
  /** Set when the writer stopped: the chain must end exactly here. */
  closed?: { seq: number; hash: string; at: string };
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  chains: number;
  chain?: string;
  brokenAt?: number;
  reason?: string;
}
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
  private readonly chains: Collection<ChainRecord>;
  private head = { seq: 0, hash: GENESIS_HASH };
  private registered = false;
  private pending: {
    event: AuditEvent;
    at: Date;
    resolve: (e: AuditEntry) => void;
    reject: (err: unknown) => void;
  }[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    db: Db,
    collection = 'audit_log',
    readonly chain = newChainId(),
  ) {
    this.entries = db.collection<AuditEntry>(collection);
    this.chains = db.collection<ChainRecord>(`${collection}_chains`);
  }

  /** Entries asked for and not yet stored (the gateway refuses work when it grows too long). */
  get backlog(): number {
    return this.pending.length;
  }

  /** Appends one entry; resolves when it is stored. Entries are numbered in call order. */
  append(event: AuditEvent, at = new Date()): Promise<AuditEntry> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, at, resolve, reject });
      this.startWriting();
    });
  }

  /** One writer at a time; entries that came in as it finished start the next one. */
  private startWriting(): void {
    if (this.writing || this.pending.length === 0) return;
    this.writing = this.writeAll().finally(() => {
      this.writing = null;
      this.startWriting();
    });
  }

  /** Resolves when every append asked for so far is written (or failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Writes what is pending, then records where the chain ends (the writer stops). */
  async close(): Promise<void> {
    await this.flush();
    if (!this.registered) return;
    await this.chains.updateOne(
      { _id: this.chain },
      { $set: { closed: { ...this.head, at: new Date().toISOString() } } },
    );
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      try {
        if (!this.registered) {
          await this.chains.insertOne({ _id: this.chain, openedAt: new Date().toISOString() });
          this.registered = true;
        }
        const entries = this.chained(batch);
        try {
          await this.entries.insertMany(entries, { ordered: true });
        } catch (err) {
          // Only this writer appends to this chain, so a failed insert wrote a prefix of the
          // batch at most: find out which, keep the chain going from there, fail the rest.
          const written = await this.writtenPrefix(entries);
          written.forEach((e, i) => batch[i]!.resolve(e));
          if (written.length > 0)
            this.head = { seq: written.at(-1)!.seq, hash: written.at(-1)!.hash };
          batch.slice(written.length).forEach((p) => p.reject(err));
          continue;
        }
        const last = entries.at(-1)!;
        this.head = { seq: last.seq, hash: last.hash };
        entries.forEach((e, i) => batch[i]!.resolve(e));
      } catch (err) {
        batch.forEach((p) => p.reject(err));
      }
    }
  }

  /** The batch as chained entries after the current head. */
  private chained(batch: { event: AuditEvent; at: Date }[]): AuditEntry[] {
    let prev = this.head;
    return batch.map(({ event, at }) => {
      const seq = prev.seq + 1;
      const body = { ...event, chain: this.chain, seq, at: at.toISOString(), prevHash: prev.hash };
      const entry: AuditEntry = { _id: entryId(this.chain, seq), ...body, hash: entryHash(body) };
      prev = { seq, hash: entry.hash };
      return entry;
    });
  }

  private async writtenPrefix(entries: AuditEntry[]): Promise<AuditEntry[]> {
    const stored = new Map(
      (
        await this.entries
          .find({ _id: { $in: entries.map((e) => e._id) } }, { projection: { hash: 1 } })
          .toArray()
      ).map((e) => [e._id, e.hash]),
    );
    const prefix: AuditEntry[] = [];
    for (const e of entries) {
      if (stored.get(e._id) !== e.hash) break;
      prefix.push(e);
    }
    return prefix;
  }

  /**
   * Checks every chain in order: each registered, numbered from 1 without gaps, each entry's
   * hash and its link to the entry before, a closed chain ending where its writer said, and
   * no registered chain missing. Returns the first place that breaks, if any.
   */
  async verify(): Promise<VerifyResult> {
    const registry = new Map((await this.chains.find().toArray()).map((c) => [c._id, c]));
    const seen = new Set<string>();
    let count = 0;
    let chain: string | undefined;
    let prev = { seq: 0, hash: GENESIS_HASH };
    const broken = (at: number, reason: string): VerifyResult => ({
      ok: false,
      entries: count,
      chains: seen.size,
      ...(chain ? { chain } : {}),
      brokenAt: at,
      reason,
    });
    const endOfChain = (): VerifyResult | null => {
      const closed = chain ? registry.get(chain)?.closed : undefined;
      if (closed && (closed.seq !== prev.seq || closed.hash !== prev.hash))
        return broken(prev.seq + 1, 'end of chain removed');
      return null;
    };
    for await (const e of this.entries.find().sort({ _id: 1 })) {
      count += 1;
      if (e.chain !== chain) {
        const end = endOfChain();
        if (end) return end;
        chain = e.chain;
        seen.add(chain);
        prev = { seq: 0, hash: GENESIS_HASH };
        if (!registry.has(chain)) return broken(e.seq, 'chain not registered');
      }
      const { _id, hash, ...body } = e;
      if (e.seq !== prev.seq + 1 || _id !== entryId(chain, e.seq))
        return broken(prev.seq + 1, 'entry missing');
      if (e.prevHash !== prev.hash) return broken(e.seq, 'link to previous broken');
      if (entryHash(body) !== hash) return broken(e.seq, 'entry changed');
      prev = { seq: e.seq, hash };
    }
    const end = endOfChain();
    if (end) return end;
    for (const [id, c] of registry)
      if (!seen.has(id) && (c.closed?.seq ?? 0) > 0) {
        chain = id;
        return broken(1, 'chain removed');
      }
    return { ok: true, entries: count, chains: seen.size };
  }
}
