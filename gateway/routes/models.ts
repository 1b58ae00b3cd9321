import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import {
  deployedModel,
  diffVersions,
  migrateInstance,
  repositoryModel,
  repositoryModels,
  requireProcessOwner,
  tryDecision,
  versionsOf,
} from '../use-cases/models.js';
import type { Body, Query } from './api.js';

/** What the modeler works with: models, versions, diffs, migrations, element templates. */
export function modelsRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/element-templates', (_req, res) => {
    requireProcessOwner(principalOf(res.locals), false);
    res.json(deps.elementTemplates());
  });
  router.get('/models', async (_req, res) => {
    requireProcessOwner(principalOf(res.locals));
    res.json({
      repository: repositoryModels(deps.procedures),
      deployed: (await deps.definitions.latest()).map(
        ({ _id, deployedAt, deploymentId: _, ...d }) => ({
          ...d,
          deployedAt: deployedAt.toISOString(),
          key: _id,
        }),
      ),
    });
  });
  router.get('/models/repository/:name', (req, res) => {
    requireProcessOwner(principalOf(res.locals));
    res.json(repositoryModel(String(req.params.name)));
  });
  router.get('/models/deployed/:kind/:id/versions', async (req, res) => {
    requireProcessOwner(principalOf(res.locals));
    const kind = req.params.kind === 'decisions' ? 'decisions' : 'process';
    res.json({ versions: await versionsOf(deps, kind, String(req.params.id)) });
  });
  router.get('/models/deployed/:key', async (req, res) => {
    requireProcessOwner(principalOf(res.locals));
    const {
      _id,
      deployedAt,
      deploymentId: _,
      ...d
    } = await deployedModel(deps, String(req.params.key));
    res.json({ ...d, deployedAt: deployedAt.toISOString(), key: _id });
  });
  router.get('/models/diff', async (req, res) => {
    requireProcessOwner(principalOf(res.locals));
    const { from, to } = req.query as Query<'diff-model-versions'>;
    res.json(await diffVersions(deps, from, to));
  });
  router.post('/models/decisions/evaluate', async (req, res) => {
    res.json(await tryDecision(deps, principalOf(res.locals), req.body as Body<'try-decision'>));
  });
  router.post('/migrations', async (req, res) => {
    res.json(await migrateInstance(deps, principalOf(res.locals), req.body));
  });
  return router;
}
