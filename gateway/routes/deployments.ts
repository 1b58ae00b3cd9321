import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import { deployModels } from '../use-cases/deploy-models.js';
import type { Answer, Body } from './api.js';

/** Process owners deploy models; a refused deployment is a 422 listing every reason. */
export function deploymentsRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.post('/deployments', async (req, res) => {
    const body = req.body as Body<'deploy-models'>;
    const result = await deployModels(deps, principalOf(res.locals), body);
    if (result.outcome === 'refused') {
      const index = (name: string) => body.resources.findIndex((r) => r.name === name);
      throw new Problem(
        422,
        'model-check-failed',
        'The models were not deployed',
        `${result.problems.length} problem(s); nothing was deployed`,
        result.problems.map((p) => ({
          field: index(p.resource) >= 0 ? `/resources/${index(p.resource)}` : '/resources',
          reason: `[${p.check}] ${p.elementId ? `${p.elementId}: ` : ''}${p.message}`,
        })),
        {},
        { problems: result.problems },
      );
    }
    if (result.outcome === 'checked')
      return void res.json({ checked: true, deployed: [] } satisfies Answer<'deploy-models'>);
    res.status(201).json({
      checked: true,
      deploymentKey: result.deploymentKey,
      deployed: result.deployed,
    } satisfies Answer<'deploy-models', 201>);
  });
  return router;
}
