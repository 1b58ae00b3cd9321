import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../../common/mongo.js';
import { Collections, PROJECTION_META } from '../../projector/collections.js';
import { GrantsStore } from './grants-store.js';
import { ProfilesStore } from './profiles-store.js';
import { PartyCasesStore, partyKey } from './party-cases-store.js';

/**
 * The gateway's own records. Everything about a case's progress comes from the projection.
 * Each record is written once and read by `_id` (the local store scans the collection for
 * any other filter: see bench/RESULTS.md).
 */

/** Who started a case and what it is; never changed after insert. */
export interface CaseDoc {
  _id: string;
  procedure: string;
  createdBy: string;
  createdByRole: string;
  employerId?: string;
  applicantId?: string;
  createdAt: Date;
  /** The case this one belongs to (family reunification: the skilled worker's case). */
  linkedCaseId?: string;
}

/** One per `<subject>:<Idempotency-Key>`: one key starts at most one case. */
export interface StartRequest {
  _id: string;
  caseId: string;
  procedure: string;
  requestHash: string;
  startAttemptAt: Date;
}

/** A case as the use cases see it: the case and, once the engine has it, its instance. */
export interface CaseRecord extends CaseDoc {
  processInstanceKey: string | null;
}

export interface MessageDelivery {
  _id: string;
  caseId: string;
  messageName: string;
  sentBy: string;
  requestHash: string;
  at: Date;
}

async function insertOnce<T extends { _id: string }>(
  collection: Collection<T>,
  doc: T,
): Promise<boolean> {
  try {
    await collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** Case records read at the same time for a list. */
const PARALLEL_READS = 16;

/** The party lists a case belongs to. */
function partyKeysOf(doc: CaseDoc): string[] {
  return [
    partyKey('creator', doc.createdBy),
    ...(doc.applicantId ? [partyKey('applicant', doc.applicantId)] : []),
    ...(doc.employerId ? [partyKey('employer', doc.employerId)] : []),
  ];
}

/** How many case records the gateway keeps in memory (about 0.5 KB each). */
const KNOWN_CASES = 100_000;

/** A map that forgets its oldest entry when full (enough for write-once records). */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

export class CasesStore {
  private readonly cases: Collection<CaseDoc>;
  private readonly startRequests: Collection<StartRequest>;
  private readonly caseInstances: Collection<{
    _id: string;
    processInstanceKey: string;
    linkedBy: string;
  }>;
  private readonly deliveries: Collection<MessageDelivery>;
  private readonly meta: Collection<{ _id: string; version: number; builtAt: Date }>;
  /** Who else the applicant let see the case. */
  readonly grants: GrantsStore;
  /** What people with an account gave once. */
  readonly profiles: ProfilesStore;
  /** Each party's case ids (the case lists read these instead of querying by field). */
  private readonly parties: PartyCasesStore;
  /** Cases with their instance, as read before (both never change once written). */
  private readonly known = new BoundedMap<string, CaseRecord>(KNOWN_CASES);

  constructor(db: Db) {
    this.grants = new GrantsStore(db);
    this.profiles = new ProfilesStore(db);
    this.parties = new PartyCasesStore(db);
    this.meta = db.collection(PROJECTION_META);
    this.cases = db.collection<CaseDoc>(Collections.cases);
    this.startRequests = db.collection<StartRequest>('start_requests');
    this.caseInstances = db.collection(Collections.caseInstances);
    this.deliveries = db.collection<MessageDelivery>('message_deliveries');
  }

  async ensureIndexes(): Promise<void> {
    // On MongoDB these serve operators' ad-hoc queries; the lists read party_cases.
    await this.cases.createIndex({ employerId: 1 });
    await this.cases.createIndex({ applicantId: 1 });
    await this.cases.createIndex({ createdBy: 1, createdAt: -1 });
  }

  /**
   * Builds the party lists from the case records once, for cases created before there were
   * party lists (marker `party_cases` in `projection_meta`). Idempotent: several gateways
   * starting at once each add what is missing. Runs behind the running gateway.
   */
  async ensurePartyLists(): Promise<{ cases: number; ms: number } | null> {
    if (await this.meta.findOne({ _id: 'party_cases' })) return null;
    const startedAt = Date.now();
    const byParty = new Map<string, string[]>();
    let cases = 0;
    for await (const doc of this.cases.find({}).sort({ createdAt: 1 })) {
      cases++;
      for (const key of partyKeysOf(doc)) {
        const list = byParty.get(key);
        if (list) list.push(doc._id);
        else byParty.set(key, [doc._id]);
      }
    }
    for (const [key, ids] of byParty) await this.parties.addMany(key, ids);
    await this.meta.replaceOne(
      { _id: 'party_cases' },
      { version: 1, builtAt: new Date() },
      { upsert: true },
    );
    return { cases, ms: Date.now() - startedAt };
  }

  /** Claims an idempotency scope; returns the earlier claim if there is one. */
  async claimStart(request: StartRequest): Promise<{ created: boolean; request: StartRequest }> {
    if (await insertOnce(this.startRequests, request)) return { created: true, request };
    const existing = await this.startRequests.findOne({ _id: request._id });
    if (!existing) throw new Error(`start request ${request._id} vanished`);
    return { created: false, request: existing };
  }

  /** Inserts the case document (a no-op if an earlier attempt already did). */
  async saveCase(doc: CaseDoc): Promise<void> {
    // The party lists first: after a crash in between, the list holds an id without a
    // record (skipped when listed) and the retry with the same key adds nothing twice.
    await this.parties.add(doc._id, partyKeysOf(doc));
    await insertOnce(this.cases, doc);
  }

  /**
   * The cases a party has: applicant by account, employer by organisation or as creator,
   * agent as creator, newest first, plus the given ids (granted ones). From the party lists
   * and the records by `_id` (party-cases-store.ts).
   */
  async listFor(
    party: { applicantId?: string; employerId?: string; createdBy: string },
    alsoIds: string[],
    limit: number,
  ): Promise<CaseDoc[]> {
    const keys = [partyKey('creator', party.createdBy)];
    if (party.applicantId) keys.push(partyKey('applicant', party.applicantId));
    if (party.employerId) keys.push(partyKey('employer', party.employerId));
    const ids = [...new Set([...(await this.parties.newest(keys, limit)), ...alsoIds])];
    const docs: CaseDoc[] = [];
    for (let i = 0; i < ids.length; i += PARALLEL_READS)
      for (const doc of await Promise.all(
        ids.slice(i, i + PARALLEL_READS).map((id) => this.cases.findOne({ _id: id })),
      ))
        if (doc) docs.push(doc);
    return docs.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
  }

  /** The ids of an applicant's cases (by their account reference), for operators' search. */
  async idsOfApplicant(applicantId: string): Promise<string[]> {
    return this.parties.newest([partyKey('applicant', applicantId)], 1000);
  }

  async get(caseId: string): Promise<CaseRecord | null> {
    // Both documents are written once and never change: once both are there, remember them.
    const known = this.known.get(caseId);
    if (known) return known;
    const [doc, link] = await Promise.all([
      this.cases.findOne({ _id: caseId }),
      this.caseInstances.findOne({ _id: caseId }),
    ]);
    if (!doc) return null;
    const record = { ...doc, processInstanceKey: link?.processInstanceKey ?? null };
    if (record.processInstanceKey) this.known.set(caseId, record);
    return record;
  }

  async instanceOf(caseId: string): Promise<string | null> {
    return (await this.caseInstances.findOne({ _id: caseId }))?.processInstanceKey ?? null;
  }

  /** Links the case to its instance; the first link wins (the projector may have been first). */
  async linkInstance(caseId: string, processInstanceKey: string): Promise<string> {
    if (
      await insertOnce(this.caseInstances, { _id: caseId, processInstanceKey, linkedBy: 'gateway' })
    )
      return processInstanceKey;
    return (await this.instanceOf(caseId)) ?? processInstanceKey;
  }

  /** Rare path (a retried start after a failure): the one update the gateway makes. */
  async markStartAttempt(scope: string, at: Date): Promise<void> {
    await this.startRequests.updateOne({ _id: scope }, { $set: { startAttemptAt: at } });
  }

  /** Records a message delivery once; `first: false` if this idempotency key was used before. */
  async recordDelivery(
    d: MessageDelivery,
  ): Promise<{ first: boolean; existing?: MessageDelivery }> {
    if (await insertOnce(this.deliveries, d)) return { first: true };
    return { first: false, existing: (await this.deliveries.findOne({ _id: d._id })) ?? undefined };
  }

  /** An earlier delivery with this id, if there was one. */
  delivery(id: string): Promise<MessageDelivery | null> {
    return this.deliveries.findOne({ _id: id });
  }

  async forgetDelivery(id: string): Promise<void> {
    await this.deliveries.deleteOne({ _id: id });
  }
}
