import { Binary, BSON, type Collection, type Db } from 'mongodb';
import { instanceCollection } from './collections.js';
import type { InstanceView } from './instance-view.js';

/**
 * How an instance view is kept in the store: the few fields a query filters by, as fields,
 * and the whole view as one BSON binary (`bson`).
 *
 * Why not the view's own nested fields: the local store (FerretDB 1.24) evaluates every filter
 * beyond `_id` itself, after turning the stored document into its own document tree, and that
 * costs with every nested field. The projector's guarded write (`_id` + `revision`) of a
 * view-sized document measured 12–24 ms with the view's fields nested against about 4 ms
 * with the same data as one binary field (bench/RESULTS.md, "Issue 8, fourth session"); the
 * guard is what keeps a second projector from overwriting a newer view. MongoDB would not
 * care either way; nothing reads a view's inner fields in the store.
 *
 * Views written before this format (the view's fields at the top level, no `bson`) are read
 * as they are and take this form at their next write.
 */
export interface ViewDocument {
  _id: string;
  revision: number;
  bpmnProcessId: string;
  processDefinitionKey: string;
  parentProcessInstanceKey: string;
  state: InstanceView['state'];
  /** Open incidents (the operators' "cases with an incident" query). */
  openIncidents: number;
  /** The whole InstanceView, BSON-encoded (Dates and 64-bit keys as strings survive as they are). */
  bson: Binary;
}

export function viewDocument(view: InstanceView): ViewDocument {
  return {
    _id: view._id,
    revision: view.revision,
    bpmnProcessId: view.bpmnProcessId,
    processDefinitionKey: view.processDefinitionKey,
    parentProcessInstanceKey: view.parentProcessInstanceKey,
    state: view.state,
    openIncidents: view.openIncidents ?? 0,
    bson: new Binary(BSON.serialize(view)),
  };
}

/** The view a stored document holds (either format). */
export function viewFromDocument(doc: ViewDocument | InstanceView): InstanceView {
  if (!('bson' in doc) || !(doc.bson instanceof Binary)) return doc as InstanceView;
  return BSON.deserialize(doc.bson.buffer) as InstanceView;
}

export function viewCollection(db: Db, processInstanceKey: string): Collection<ViewDocument> {
  return db.collection<ViewDocument>(instanceCollection(processInstanceKey));
}

/** One instance's view from the store, by `_id`. */
export async function findView(db: Db, processInstanceKey: string): Promise<InstanceView | null> {
  const doc = await viewCollection(db, processInstanceKey).findOne({ _id: processInstanceKey });
  return doc ? viewFromDocument(doc) : null;
}
