import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import {
  personalDataCopy,
  personalDataCopyHtml,
  personCopy,
} from '../use-cases/personal-data-copy.js';
import { caseIdParam } from './params.js';
import { getProcessingActivities } from '../use-cases/processing-activities.js';
import { listLegalHolds, placeLegalHold, releaseLegalHold } from '../use-cases/legal-holds.js';

/**
 * A copy of the personal data a case holds (Art. 15 GDPR): JSON, or HTML with format=html;
 * the legal holds that stop its erasure.
 */
export function personalDataRouter(deps: GatewayDeps): Router {
  const router = Router();
  const withStore = () => {
    const { personalData } = deps;
    if (!personalData) throw Problem.notFound('No personal data store');
    return { ...deps, personalData };
  };
  router.get('/cases/:caseId/personal-data', async (req, res) => {
    const copy = await personalDataCopy(withStore(), principalOf(res.locals), caseIdParam(req));
    // The page runs nothing: its only inline part is its style sheet.
    if (req.query.format === 'html')
      res
        .type('text/html')
        .set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(personalDataCopyHtml(copy));
    else res.json(copy);
  });
  router.get('/personal-data', async (req, res) => {
    const person = typeof req.query.person === 'string' ? req.query.person : undefined;
    res.json(await personCopy(withStore(), principalOf(res.locals), person));
  });
  router.get('/cases/:caseId/legal-holds', async (req, res) => {
    res.json({
      legalHolds: await listLegalHolds(withStore(), principalOf(res.locals), caseIdParam(req)),
    });
  });
  router.post('/cases/:caseId/legal-holds', async (req, res) => {
    const hold = await placeLegalHold(
      withStore(),
      principalOf(res.locals),
      caseIdParam(req),
      String((req.body as { reason: string }).reason),
    );
    res.status(201).json(hold);
  });
  router.post('/cases/:caseId/legal-holds/:holdId/release', async (req, res) => {
    res.json(
      await releaseLegalHold(
        withStore(),
        principalOf(res.locals),
        caseIdParam(req),
        String(req.params.holdId),
      ),
    );
  });
  router.get('/operations/processing-activities', (_req, res) => {
    res.json(getProcessingActivities(deps, principalOf(res.locals)));
  });
  return router;
}
