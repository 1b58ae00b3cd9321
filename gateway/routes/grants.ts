import { Router } from 'express';
import { principalOf } from '../auth.js';
import { caseIdParam } from './params.js';
import type { GatewayDeps } from '../deps.js';
import { grantAccess, listGrants, revokeGrant } from '../use-cases/grants.js';
import { grantStanding, listStanding, revokeStanding } from '../use-cases/standing-grants.js';
import type { Answer, Body } from './api.js';

/**
 * Who else may see a case: the applicant's grants to agents and employers. Standing grants
 * (/grants): whom an organisation or a person lets act in their name.
 */

export function grantsRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.post('/cases/:caseId/grants', async (req, res) => {
    const { grant, created } = await grantAccess(
      deps,
      principalOf(res.locals),
      caseIdParam(req),
      req.body as Body<'grant-access'>,
    );
    res.status(created ? 201 : 200).json(grant satisfies Answer<'grant-access', 201>);
  });
  router.get('/cases/:caseId/grants', async (req, res) => {
    res.json({
      grants: await listGrants(deps, principalOf(res.locals), caseIdParam(req)),
    } satisfies Answer<'list-grants'>);
  });
  router.delete('/cases/:caseId/grants/:grantId', async (req, res) => {
    await revokeGrant(deps, principalOf(res.locals), caseIdParam(req), String(req.params.grantId));
    res.status(204).end();
  });
  router.post('/grants', async (req, res) => {
    const { grant, created } = await grantStanding(
      deps,
      principalOf(res.locals),
      req.body as Body<'grant-standing'>,
    );
    res.status(created ? 201 : 200).json(grant satisfies Answer<'grant-standing', 201>);
  });
  router.get('/grants', async (_req, res) => {
    res.json({
      grants: await listStanding(deps, principalOf(res.locals)),
    } satisfies Answer<'list-standing-grants'>);
  });
  router.delete('/grants/:grantId', async (req, res) => {
    await revokeStanding(deps, principalOf(res.locals), String(req.params.grantId));
    res.status(204).end();
  });
  return router;
}
