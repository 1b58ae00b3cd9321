import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { getDraft, listDrafts, removeDraft, saveDraft } from '../use-cases/model-drafts.js';
import type { Answer, Body } from './api.js';

/** The modeler's drafts on the server: the caller's own, one per model (process owners). */
export function modelDraftsRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/models/drafts', async (_req, res) => {
    res.json({
      drafts: await listDrafts(deps, principalOf(res.locals)),
    } satisfies Answer<'list-model-drafts'>);
  });
  router.get('/models/drafts/:name', async (req, res) => {
    res.json(
      (await getDraft(
        deps,
        principalOf(res.locals),
        String(req.params.name),
      )) satisfies Answer<'get-model-draft'>,
    );
  });
  router.put('/models/drafts/:name', async (req, res) => {
    const body = req.body as Body<'save-model-draft'>;
    res.json(
      (await saveDraft(
        deps,
        principalOf(res.locals),
        String(req.params.name),
        body,
      )) satisfies Answer<'save-model-draft'>,
    );
  });
  router.delete('/models/drafts/:name', async (req, res) => {
    await removeDraft(deps, principalOf(res.locals), String(req.params.name));
    res.status(204).end();
  });
  return router;
}
