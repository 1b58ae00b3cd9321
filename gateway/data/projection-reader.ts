import type { Db } from 'mongodb';
import type { CaseFacts } from '../../monitoring/case-facts.js';
import { allCaseFacts } from '../../projector/case-facts-store.js';
import { bucketCollections } from '../../projector/collections.js';
import { caseViewsFrom, type InstanceView } from '../../projector/instance-view.js';
import type { ViewCache } from '../../projector/view-cache.js';
import { findView, viewFromDocument, type ViewDocument } from '../../projector/view-documents.js';

/**
 * Read-only access to the projection (never the engine). An instance is read from the view
 * cache the projector keeps in Redis (projector/view-cache.ts), else from the store by `_id`:
 * the only lookup the local store answers from an index.
 */
export class ProjectionReader {
  constructor(
    private readonly db: Db,
    private readonly cache?: ViewCache,
  ) {}

  /** The root instance and every instance its call activities started, root first. */
  async caseInstances(rootKey: string): Promise<InstanceView[]> {
    const root = await this.instance(rootKey);
    return root ? caseViewsFrom(root, (key) => this.instance(key)) : [];
  }

  /**
   * The running instances of one process definition (a process owner's question before a
   * migration). Asks every bucket collection: a scan on the local store, fine for this rare
   * question; on MongoDB an index on processDefinitionKey serves it.
   */
  async activeInstancesOf(
    processDefinitionKey: string,
    limit: number,
  ): Promise<{ processInstanceKey: string; caseId: string | null; activeElementIds: string[] }[]> {
    const found: {
      processInstanceKey: string;
      caseId: string | null;
      activeElementIds: string[];
    }[] = [];
    for (const name of bucketCollections('process_instances')) {
      if (found.length >= limit) break;
      const docs = await this.db
        .collection<ViewDocument>(name)
        .find({ processDefinitionKey, state: 'ACTIVE' })
        .limit(limit - found.length)
        .toArray();
      for (const v of docs.map(viewFromDocument))
        found.push({
          processInstanceKey: v._id,
          caseId: (v.variables?.find((x) => x.name === 'caseId')?.value as string) ?? null,
          // What a migration must map: the active elements below the process itself.
          activeElementIds: [
            ...new Set(
              Object.values(v.elements ?? {})
                .filter((e) => e.state === 'ACTIVE' && e.type !== 'PROCESS')
                .map((e) => e.elementId),
            ),
          ],
        });
    }
    return found;
  }

  /**
   * The facts of every case (KPIs, the operators' search, the prediction history), as the
   * projector derived them (monitoring/case-facts.ts): a few hundred bytes per case, read in
   * one pass over the buckets. Cached by the caller (gateway/data/history-cache.ts), never
   * read per request.
   */
  allCaseFacts(): Promise<CaseFacts[]> {
    return allCaseFacts(this.db);
  }

  /** The instances with an open incident (a filtered scan per bucket; few match). */
  async withOpenIncidents(): Promise<InstanceView[]> {
    const found: InstanceView[] = [];
    for (const name of bucketCollections('process_instances'))
      for (const doc of await this.db
        .collection<ViewDocument>(name)
        .find({ openIncidents: { $gt: 0 } })
        .toArray())
        found.push(viewFromDocument(doc));
    return found;
  }

  async instance(processInstanceKey: string): Promise<InstanceView | null> {
    // Redis away or slow: the store answers (slower, never wrong).
    const cached = await this.cache?.get(processInstanceKey).catch(() => null);
    if (cached) return cached;
    return findView(this.db, processInstanceKey);
  }
}

/** Variables of a view, limited to the allowed names. */
export function pickVariables(view: InstanceView, names: string[]): Record<string, unknown> {
  return Object.fromEntries(
    view.variables.filter((v) => names.includes(v.name)).map((v) => [v.name, v.value]),
  );
}

export function openSubscriptions(view: InstanceView, caseId: string) {
  return Object.values(view.subscriptions).filter(
    (s) => s.state === 'OPEN' && s.correlationKey === caseId,
  );
}
