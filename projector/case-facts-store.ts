import type { Db } from 'mongodb';
import { isDuplicateKeyError } from '../common/mongo.js';
import { caseFacts, type CaseFacts } from '../monitoring/case-facts.js';
import type { Procedure } from '../processes/registry.js';
import { bucketCollections, caseFactsCollection, PROJECTION_META } from './collections.js';
import { caseViewsFrom, type InstanceView } from './instance-view.js';
import { findView, viewFromDocument, type ViewDocument } from './view-documents.js';
import { binaryDocument, fromBinaryDocument, type BinaryDocument } from './binary-documents.js';

/** How many cases' last written facts the projector remembers (to skip unchanged writes). */
const REMEMBERED = 50_000;
/** Cases derived and written at the same time. */
const PARALLEL = 16;
/** Call activities nest at most this deep (a guard against a cycle in damaged data). */
const MAX_CALL_DEPTH = 10;
/** Bump when the derivation changes in a way old facts must be rebuilt for. */
export const CASE_FACTS_VERSION = 1;

/**
 * Keeps each case's facts (monitoring/case-facts.ts) current: after the projector wrote a
 * batch's views, every case they belong to is derived again from its views and written if
 * it changed. Only the projector holding the lease writes here, from the views it has just
 * written; a rebuild (below) never replaces facts derived from newer views (`basis`).
 */
export class CaseFactsStore {
  private readonly written = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly procedures: Map<string, Procedure>,
    /** The newest view of an instance (the view cache first, then the store). */
    private readonly lookup: (processInstanceKey: string) => Promise<InstanceView | null>,
  ) {}

  /** Derives and writes the facts of every case these (just written) views belong to. */
  async update(touched: InstanceView[]): Promise<void> {
    const known = new Map(touched.map((v) => [v._id, v]));
    const view = async (key: string) => {
      let v = known.get(key);
      if (v === undefined) {
        v = (await this.lookup(key)) ?? undefined;
        if (v) known.set(key, v);
      }
      return v ?? null;
    };
    const roots = new Set<string>();
    for (const v of touched) {
      let current: InstanceView | null = v;
      for (let depth = 0; current && current.parentProcessInstanceKey !== '-1'; depth++)
        current = depth < MAX_CALL_DEPTH ? await view(current.parentProcessInstanceKey) : null;
      // A parent not projected yet: its own change (when the child ends) derives the case.
      if (current) roots.add(current._id);
    }
    const list = [...roots];
    for (let i = 0; i < list.length; i += PARALLEL)
      await Promise.all(
        list.slice(i, i + PARALLEL).map(async (rootKey) => {
          const views = await caseViewsFrom((await view(rootKey))!, view);
          await this.write(caseFacts(views, this.procedures));
        }),
      );
  }

  private async write(facts: CaseFacts): Promise<void> {
    const content = JSON.stringify({ ...facts, basis: 0 });
    if (this.written.get(facts._id) === content) return;
    // By `_id` alone: the projector holding the lease derives from the newest views there
    // are. (A rebuild running beside it only inserts, or replaces older facts: insertAll.)
    await this.db
      .collection<CaseFactsDocument>(caseFactsCollection(facts._id))
      .replaceOne({ _id: facts._id }, factsDocument(facts), { upsert: true });
    this.written.delete(facts._id);
    this.written.set(facts._id, content);
    if (this.written.size > REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }
}

/**
 * How a case's facts are kept in the store (see binary-documents.ts): as BSON, beside the
 * `basis` the guarded write compares.
 */
export type CaseFactsDocument = BinaryDocument<CaseFacts, 'basis'>;
const factsDocument = (facts: CaseFacts): CaseFactsDocument => binaryDocument(facts, ['basis']);

/** One case's facts from the store, by its root instance key. */
export async function findCaseFacts(db: Db, rootKey: string): Promise<CaseFacts | null> {
  const doc = await db
    .collection<CaseFactsDocument>(caseFactsCollection(rootKey))
    .findOne({ _id: rootKey });
  return doc ? fromBinaryDocument<CaseFacts>(doc) : null;
}

/** Every case's facts, one bucket after the other. */
export async function allCaseFacts(db: Db): Promise<CaseFacts[]> {
  const all: CaseFacts[] = [];
  for (const name of bucketCollections('case_facts'))
    for (const doc of await db.collection<CaseFactsDocument>(name).find({}).toArray())
      all.push(fromBinaryDocument<CaseFacts>(doc));
  return all;
}

/** Writes the facts unless facts derived from the same or newer views are there. */
async function replaceIfNewer(db: Db, facts: CaseFacts): Promise<void> {
  try {
    await db
      .collection<CaseFactsDocument>(caseFactsCollection(facts._id))
      .replaceOne({ _id: facts._id, basis: { $lt: facts.basis } }, factsDocument(facts), {
        upsert: true,
      });
  } catch (err) {
    // The filter did not match an existing document: what is there is as new or newer.
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/**
 * Derives every case's facts from the stored views: once, when a projection predates the
 * facts (no marker) or its facts come from an older CASE_FACTS_VERSION, or on request (`npm run case-facts:rebuild`, e.g. after stages or
 * statutory deadlines changed in the registry). Reads one bucket of views at a time (the
 * views of a case's called instances by `_id`), so memory stays at one bucket.
 */
export async function rebuildCaseFacts(
  db: Db,
  procedures: Map<string, Procedure>,
  options: { force: boolean; log: (message: string, meta?: object) => void },
): Promise<{ cases: number; ms: number } | null> {
  const meta = db.collection<{ _id: string; version: number; builtAt: Date }>(PROJECTION_META);
  const marker = await meta.findOne({ _id: 'case_facts' });
  if (!options.force && marker && marker.version >= CASE_FACTS_VERSION) return null;
  const startedAt = Date.now();
  // Facts of an older derivation (or any, when forced) go first: a derivation from the same
  // views would not replace them (same basis). Without a marker, what is there was written by
  // the running projector with this derivation, and the newer of the two is kept.
  if (options.force || marker)
    for (const name of bucketCollections('case_facts'))
      await db
        .collection(name)
        .drop()
        .catch(() => undefined);
  let cases = 0;
  for (const name of bucketCollections('process_instances')) {
    const views = (await db.collection<ViewDocument>(name).find({}).toArray()).map(
      viewFromDocument,
    );
    const inBucket = new Map(views.map((v) => [v._id, v]));
    const facts: CaseFacts[] = [];
    for (const root of views.filter((v) => v.parentProcessInstanceKey === '-1'))
      facts.push(
        caseFacts(
          await caseViewsFrom(root, async (k) => inBucket.get(k) ?? (await findView(db, k))),
          procedures,
        ),
      );
    await insertAll(db, facts);
    cases += facts.length;
    options.log('case facts derived', { bucket: name, cases: facts.length });
  }
  await meta.replaceOne(
    { _id: 'case_facts' },
    { version: CASE_FACTS_VERSION, builtAt: new Date() },
    { upsert: true },
  );
  return { cases, ms: Date.now() - startedAt };
}

/** Inserts facts bucket by bucket; where a case's facts are there already, the newer wins. */
export async function insertAll(db: Db, facts: CaseFacts[]): Promise<void> {
  const byCollection = new Map<string, CaseFacts[]>();
  for (const f of facts) {
    const name = caseFactsCollection(f._id);
    const list = byCollection.get(name);
    if (list) list.push(f);
    else byCollection.set(name, [f]);
  }
  for (const [name, list] of byCollection)
    for (let i = 0; i < list.length; i += 1000) {
      const chunk = list.slice(i, i + 1000);
      try {
        await db
          .collection<CaseFactsDocument>(name)
          .insertMany(chunk.map(factsDocument), { ordered: false });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // Written meanwhile by the running projector (or a previous attempt): one at a time.
        for (const f of chunk) await replaceIfNewer(db, f);
      }
    }
}
