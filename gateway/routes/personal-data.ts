import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import { personalDataCopy, personalDataCopyHtml } from '../use-cases/personal-data-copy.js';
import { caseIdParam } from './params.js';

/** A copy of the personal data a case holds (Art. 15 GDPR): JSON, or HTML with format=html. */
export function personalDataRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/cases/:caseId/personal-data', async (req, res) => {
    const { personalData } = deps;
    if (!personalData) throw Problem.notFound('No personal data store');
    const copy = await personalDataCopy(
      { ...deps, personalData },
      principalOf(res.locals),
      caseIdParam(req),
    );
    if (req.query.format === 'html') res.type('text/html').send(personalDataCopyHtml(copy));
    else res.json(copy);
  });
  return router;
}
