import type { Collection, Db } from 'mongodb';
import { binaryDocument, fromBinaryDocument, type BinaryDocument } from './binary-documents.js';
import { instanceCollection } from './collections.js';
import type { InstanceView } from './instance-view.js';

/**
 * How an instance view is kept in the store (see binary-documents.ts): the whole view as
 * BSON, beside the fields queries filter by — the projector's guarded write (`revision`), the
 * process owners' running instances of a version (`processDefinitionKey`, `state`) and the
 * operators' cases with an incident (`openIncidents`).
 */
const FILTERED = [
  'revision',
  'bpmnProcessId',
  'processDefinitionKey',
  'parentProcessInstanceKey',
  'state',
  'openIncidents',
] as const;

export type ViewDocument = BinaryDocument<InstanceView, (typeof FILTERED)[number]>;

export function viewDocument(view: InstanceView): ViewDocument {
  return binaryDocument({ ...view, openIncidents: view.openIncidents ?? 0 }, FILTERED);
}

/** The view a stored document holds (either form). */
export const viewFromDocument = (doc: ViewDocument | InstanceView): InstanceView =>
  fromBinaryDocument<InstanceView>(doc);

export function viewCollection(db: Db, processInstanceKey: string): Collection<ViewDocument> {
  return db.collection<ViewDocument>(instanceCollection(processInstanceKey));
}

/** One instance's view from the store, by `_id`. */
export async function findView(db: Db, processInstanceKey: string): Promise<InstanceView | null> {
  const doc = await viewCollection(db, processInstanceKey).findOne({ _id: processInstanceKey });
  return doc ? viewFromDocument(doc) : null;
}
