import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../common/mongo.js';
import { Collections } from './collections.js';
import { caseIdOf, reduceInstance, type InstanceView } from './instance-view.js';
import type { ZeebeRecord } from './records.js';
import { inboxChanges, TaskInboxStore, touchedUserTasks, type InboxChange } from './task-inbox.js';
import type { ViewCache } from './view-cache.js';
import { findView, viewCollection, viewDocument } from './view-documents.js';
import { CaseFactsStore } from './case-facts-store.js';
import type { Procedure } from '../processes/registry.js';

/** How many instances of one batch are written at the same time. */
const PARALLEL_INSTANCES = 16;

/**
 * Read-modify-write of instance views, one document per process instance, every access by
 * `_id` alone (the only lookup the local store answers from an index). Only the projector
 * holding the lease writes (projector/lease.ts), so a view is read from the store, changed and
 * written back without a guard; its `revision` still counts the writes, for the view cache.
 */
export class InstanceStore {
  private readonly caseInstances: Collection<{
    _id: string;
    processInstanceKey: string;
    linkedBy: string;
  }>;

  private readonly inboxes: TaskInboxStore;
  private readonly facts: CaseFactsStore;

  constructor(
    private readonly db: Db,
    /** The procedures, for the cases' facts (steps, statutory deadlines). */
    procedures: Map<string, Procedure>,
    /** Where readers find the newest views without asking the store (projector/view-cache.ts). */
    private readonly cache?: ViewCache,
  ) {
    this.caseInstances = db.collection(Collections.caseInstances);
    this.inboxes = new TaskInboxStore(db);
    this.facts = new CaseFactsStore(db, procedures, async (key) =>
      this.cached(key).then(async (v) => v ?? findView(this.db, key)),
    );
  }

  /**
   * Applies a batch: the instance views, then the authorities' task inboxes for the user
   * tasks the batch touched and the facts of the cases it touched (all before the records
   * are acknowledged, so a crash in between replays them; inbox changes and facts are
   * derived from the views and repeat harmlessly).
   */
  async apply(recordsByInstance: Map<string, ZeebeRecord[]>): Promise<void> {
    const entries = [...recordsByInstance];
    const inbox: InboxChange[] = [];
    const touched: InstanceView[] = [];
    for (let i = 0; i < entries.length; i += PARALLEL_INSTANCES) {
      const results = await Promise.all(
        entries
          .slice(i, i + PARALLEL_INSTANCES)
          .map(([key, records]) => this.applyOne(key, records)),
      );
      for (const { changes, view } of results) {
        inbox.push(...changes);
        if (view) touched.push(view);
      }
    }
    // After the store, before the records are acknowledged (see view-cache.ts).
    await this.cache?.put(touched);
    if (inbox.length > 0) await this.inboxes.apply(inbox);
    await this.facts.update(touched);
  }

  private async applyOne(
    processInstanceKey: string,
    records: ZeebeRecord[],
  ): Promise<{ changes: InboxChange[]; view: InstanceView | null }> {
    const views = viewCollection(this.db, processInstanceKey);
    for (let attempt = 0; ; attempt++) {
      // From the store, not the view cache: an entry there can be behind (Redis restored
      // from an older append-only file), and a view built on it would lose records.
      const current = await findView(this.db, processInstanceKey);
      const { view, changed } = reduceInstance(current, processInstanceKey, records);
      if (!changed)
        return {
          changes: current ? inboxChanges(current, touchedUserTasks(current, records)) : [],
          view: current,
        };
      view.revision = (current?.revision ?? 0) + 1;
      // A field operators can query ("which cases have an open incident?") without the map.
      view.openIncidents = Object.values(view.incidents).filter((i) => i.state === 'OPEN').length;
      let written = false;
      if (current) {
        const res = await views.replaceOne({ _id: processInstanceKey }, viewDocument(view));
        written = res.matchedCount === 1;
      } else {
        try {
          await views.insertOne(viewDocument(view));
          written = true;
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
      if (written) {
        const caseId = caseIdOf(view);
        if (caseId && view.parentProcessInstanceKey === '-1' && (!current || !caseIdOf(current))) {
          // The gateway links the case right after starting it; this closes the window where
          // it crashed in between (see gateway/use-cases/start-case.ts).
          await this.caseInstances
            .insertOne({ _id: caseId, processInstanceKey, linkedBy: 'projector' })
            .catch((err: unknown) => {
              if (!isDuplicateKeyError(err)) throw err; // the gateway linked it already
            });
        }
        return { changes: inboxChanges(view, touchedUserTasks(view, records)), view };
      }
      // Deleted or inserted meanwhile (an operator's repair): read it again.
      if (attempt >= 5)
        throw new Error(`instance ${processInstanceKey} kept changing under the projector`);
    }
  }

  private async cached(processInstanceKey: string): Promise<InstanceView | null> {
    return this.cache ? this.cache.get(processInstanceKey).catch(() => null) : null;
  }
}
