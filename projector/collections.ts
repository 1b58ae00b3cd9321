/**
 * The read model ("projection") of the engine's exported records. Written only by the
 * projector; read by the gateway (status, timeline), later by the tasklist and KPIs.
 */
export const Collections = {
  /** The gateway's cases (written by the gateway only). */
  cases: 'cases',
  /** caseId -> process instance key; inserted once by the gateway or, after a crash, the projector. */
  caseInstances: 'case_instances',
} as const;

/**
 * Instance views are spread over this many collections. The local store (FerretDB 1.24 on
 * SQLite) scans the whole collection on every update, even by `_id` (bench/RESULTS.md:
 * 90 ms per update at 20,000 documents), so a smaller collection per write keeps the
 * projector fast as cases accumulate. Changing it needs a re-projection.
 */
export const INSTANCE_VIEW_BUCKETS = 64;

const bucketSuffix = (processInstanceKey: string) =>
  String(Number(BigInt(processInstanceKey) % BigInt(INSTANCE_VIEW_BUCKETS))).padStart(2, '0');

/** The collection holding the InstanceView of one process instance (_id = its key). */
export function instanceCollection(processInstanceKey: string): string {
  return `process_instances_${bucketSuffix(processInstanceKey)}`;
}

/**
 * The collection holding the CaseFacts of one case (_id = its root instance key; see
 * monitoring/case-facts.ts), bucketed like the views for the same reason.
 */
export function caseFactsCollection(rootProcessInstanceKey: string): string {
  return `case_facts_${bucketSuffix(rootProcessInstanceKey)}`;
}

/** Every bucket of a bucketed collection family (`process_instances`, `case_facts`). */
export function bucketCollections(family: 'process_instances' | 'case_facts'): string[] {
  return Array.from(
    { length: INSTANCE_VIEW_BUCKETS },
    (_, b) => `${family}_${String(b).padStart(2, '0')}`,
  );
}

/** Markers of one-time derivations (`{ _id: 'case_facts', version, builtAt }`). */
export const PROJECTION_META = 'projection_meta';
