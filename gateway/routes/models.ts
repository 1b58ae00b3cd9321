import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../app.js';
import { Problem } from '../problem.js';

/** What the modeler loads: element templates generated from the worker registry. */
export function modelsRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/element-templates', (_req, res) => {
    if (principalOf(res.locals).role !== 'process-owner')
      throw Problem.forbidden('Element templates are for process owners');
    res.json(deps.elementTemplates());
  });
  return router;
}
