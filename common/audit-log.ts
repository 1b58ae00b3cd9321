import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { inTransaction, type Pool, type Queryable } from './db.js';
import { personKeys, pseudonym, PSEUDONYM_PREFIX, PSEUDONYMISED_ROLES } from './person-keys.js';

/**
 * The audit log: who did what, when, to which case — every access to personal data and every
 * action through the API. Append-only and hash-chained: each entry carries the hash of the
 * one before, so changing or removing an entry breaks the chain from there on, and
 * `npm run audit:verify` says where.
 *
 * One chain per writer (a gateway process from its start to its stop): a writer is the only
 * one appending to its chain, so it can append in batches — one transaction for all the
 * entries that came in while the last one ran — with no race for the next number and no
 * wait on other gateways. Each chain is registered in `read_model.audit_chains` with its
 * head (last number and hash), which every batch's transaction moves on from the head it
 * read (no gap, no fork: a batch either commits whole, with its head, or not at all), and
 * closed there when the writer stops; so a removed chain or a cut-off end is found too.
 * Logs are named (`log`, default `api`): tests keep their own.
 *
 * A person's own account id (role applicant) is never written: the entry names them by a
 * keyed hash under their person key (`person-keys.ts`), which erasure destroys, so the chain
 * outlives their data (docs/data-protection.md).
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
  /** `<chain>:<seq>`, for the log. */
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
/** Entries written with one transaction at most. */
const BATCH = 500;

export const seqId = (seq: number) => String(seq).padStart(SEQ_DIGITS, '0');
/** An entry's `_id`: its chain, then its number, so that `_id` order is chain order. */
export const entryId = (chain: string, seq: number) => `${chain}:${seqId(seq)}`;

/** A new writer's chain: host, process and start time (readable in the log, never reused). */
export function newChainId(): string {
  return `${hostname()}-${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

interface ChainRow {
  chain: string;
  head_seq: string;
  head_hash: string;
  closed_seq: string | null;
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
    private readonly pool: Pool,
    /** Which log (tests keep their own). */
    readonly log = 'api',
    readonly chain = newChainId(),
  ) {}

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
    await this.pool.query(
      `update read_model.audit_chains set closed_seq = head_seq, closed_hash = head_hash,
         closed_at = $3 where log = $1 and chain = $2`,
      [this.log, this.chain, new Date().toISOString()],
    );
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      try {
        await this.pseudonymise(batch);
        const entries = this.chained(batch);
        await inTransaction(this.pool, async (client) => {
          if (!this.registered)
            await client.query(
              `insert into read_model.audit_chains (log, chain, opened_at, head_seq, head_hash)
               values ($1, $2, $3, 0, $4) on conflict do nothing`,
              [this.log, this.chain, new Date().toISOString(), GENESIS_HASH],
            );
          await insertEntries(client, this.log, entries);
          const last = entries.at(-1)!;
          const moved = await client.query(
            `update read_model.audit_chains set head_seq = $3, head_hash = $4
             where log = $1 and chain = $2 and head_seq = $5 and head_hash = $6`,
            [this.log, this.chain, last.seq, last.hash, this.head.seq, this.head.hash],
          );
          if (moved.rowCount !== 1) throw new Error(`audit chain ${this.chain} moved elsewhere`);
        });
        this.registered = true;
        const last = entries.at(-1)!;
        this.head = { seq: last.seq, hash: last.hash };
        entries.forEach((e, i) => batch[i]!.resolve(e));
      } catch (err) {
        // Nothing of the batch was written (one transaction): the chain goes on from its head.
        batch.forEach((p) => p.reject(err));
      }
    }
  }

  /** Replaces each person's own account id by their pseudonym (before hashing). */
  private async pseudonymise(batch: { event: AuditEvent }[]): Promise<void> {
    const persons = batch.filter(
      (p) =>
        PSEUDONYMISED_ROLES.includes(p.event.actor.role) &&
        !p.event.actor.subject.startsWith(PSEUDONYM_PREFIX),
    );
    if (persons.length === 0) return;
    const keys = await personKeys(
      this.pool,
      persons.map((p) => p.event.actor.subject),
    );
    for (const p of persons) {
      const key = keys.get(p.event.actor.subject);
      if (!key) throw new Error('no person key for an audit entry');
      p.event = {
        ...p.event,
        actor: { ...p.event.actor, subject: pseudonym(key, p.event.actor.subject) },
      };
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

  /**
   * Checks every chain of this log in order, in one snapshot: each registered, numbered from 1
   * without gaps, each entry's hash and its link to the entry before, each chain ending at
   * the head its writer recorded, and no registered chain missing. Returns the first place
   * that breaks, if any.
   */
  async verify(): Promise<VerifyResult> {
    const client = await this.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      return await verifyLog(client, this.log);
    } finally {
      await client.query('rollback').catch(() => undefined);
      client.release();
    }
  }
}

async function insertEntries(q: Queryable, log: string, entries: AuditEntry[]): Promise<void> {
  await q.query(
    `insert into read_model.audit_log (log, chain, seq, at, prev_hash, hash, event, case_id)
     select $1, x.chain, x.seq, x.at, x.prev_hash, x.hash, x.event, x.event->>'caseId'
     from jsonb_to_recordset($2::jsonb) as x(chain text, seq bigint, at text, prev_hash text,
       hash text, event jsonb)`,
    [
      log,
      JSON.stringify(
        entries.map(({ _id, chain, seq, at, prevHash, hash, ...event }) => ({
          chain,
          seq,
          at,
          prev_hash: prevHash,
          hash,
          event,
        })),
      ),
    ],
  );
}

/** Entries read per round of a verification. */
const VERIFY_PAGE = 5000;

async function verifyLog(q: Queryable, log: string): Promise<VerifyResult> {
  const registry = new Map(
    (
      await q.query<ChainRow>(
        'select chain, head_seq, head_hash, closed_seq from read_model.audit_chains where log = $1',
        [log],
      )
    ).rows.map((c) => [c.chain, c]),
  );
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
    const c = chain ? registry.get(chain) : undefined;
    if (c && (Number(c.head_seq) !== prev.seq || c.head_hash !== prev.hash))
      return broken(prev.seq + 1, 'end of chain removed');
    return null;
  };
  let after = { chain: '', seq: 0 };
  for (;;) {
    const { rows } = await q.query<{
      chain: string;
      seq: string;
      at: string;
      prev_hash: string;
      hash: string;
      event: AuditEvent;
    }>(
      `select chain, seq, at, prev_hash, hash, event from read_model.audit_log
       where log = $1 and (chain, seq) > ($2, $3) order by chain, seq limit ${VERIFY_PAGE}`,
      [log, after.chain, after.seq],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      count += 1;
      if (row.chain !== chain) {
        const end = endOfChain();
        if (end) return end;
        chain = row.chain;
        seen.add(chain);
        prev = { seq: 0, hash: GENESIS_HASH };
        if (!registry.has(chain)) return broken(seq, 'chain not registered');
      }
      if (seq !== prev.seq + 1) return broken(prev.seq + 1, 'entry missing');
      if (row.prev_hash !== prev.hash) return broken(seq, 'link to previous broken');
      const body = { ...row.event, chain, seq, at: row.at, prevHash: row.prev_hash };
      if (entryHash(body) !== row.hash) return broken(seq, 'entry changed');
      prev = { seq, hash: row.hash };
    }
    const last = rows.at(-1)!;
    after = { chain: last.chain, seq: Number(last.seq) };
  }
  const end = endOfChain();
  if (end) return end;
  for (const [id, c] of registry)
    if (!seen.has(id) && Number(c.head_seq) > 0) {
      chain = id;
      return broken(1, 'chain removed');
    }
  return { ok: true, entries: count, chains: seen.size };
}
