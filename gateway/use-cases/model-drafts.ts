import type { Principal } from '../auth.js';
import type { ModelDraftsStore } from '../data/model-drafts-store.js';
import { Problem } from '../problem.js';
import { requireProcessOwner } from './models.js';

/**
 * A process owner's drafts: the modeler autosaves unsaved edits here and offers them when the
 * model is opened again. One draft per owner and model; nobody else sees it (operators read
 * models, but drafts are work in progress of the one who writes them).
 */
type Deps = { modelDrafts: ModelDraftsStore };

export interface DraftSummary {
  name: string;
  baseKey: string | null;
  updatedAt: string;
}

export async function listDrafts(deps: Deps, p: Principal): Promise<DraftSummary[]> {
  requireProcessOwner(p, false);
  return (await deps.modelDrafts.list(p.subject)).map((d) => ({
    ...d,
    updatedAt: d.updatedAt.toISOString(),
  }));
}

export async function getDraft(
  deps: Deps,
  p: Principal,
  name: string,
): Promise<DraftSummary & { content: string; translation: string | null }> {
  requireProcessOwner(p, false);
  const d = await deps.modelDrafts.get(p.subject, name);
  if (!d) throw Problem.notFound(`You have no draft of ${name}`);
  return { ...d, updatedAt: d.updatedAt.toISOString() };
}

export async function saveDraft(
  deps: Deps,
  p: Principal,
  name: string,
  body: { content: string; translation?: string | null; baseKey: string | null },
): Promise<DraftSummary> {
  requireProcessOwner(p, false);
  if (body.translation != null && !name.endsWith('.form'))
    throw Problem.badRequest('Only a form has a translation', [
      { field: '/translation', reason: `${name} is not a form: its texts are in the model` },
    ]);
  const d = await deps.modelDrafts.save(p.subject, {
    name,
    content: body.content,
    translation: body.translation ?? null,
    baseKey: body.baseKey,
  });
  return { name: d.name, baseKey: d.baseKey, updatedAt: d.updatedAt.toISOString() };
}

export async function removeDraft(deps: Deps, p: Principal, name: string): Promise<void> {
  requireProcessOwner(p, false);
  if (!(await deps.modelDrafts.remove(p.subject, name)))
    throw Problem.notFound(`You have no draft of ${name}`);
}
