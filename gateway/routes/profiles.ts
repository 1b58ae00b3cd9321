import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { Principal } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { completeFromProfile, getProfile } from '../use-cases/profiles.js';

/** The applicant's once-only profile: GET /profile. */
export function profileRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/profile', async (_req, res) => {
    res.json(await getProfile(deps, principalOf(res.locals)));
  });
  return router;
}

/**
 * Once-only: an applicant's known data fills their application before it is checked (mounted
 * before the OpenAPI validator).
 */
export function profileCompletion(deps: GatewayDeps): Router {
  const router = Router();
  router.post('/procedures/:procedure/cases', async (req, res, next) => {
    const procedure = deps.procedures.get(String(req.params.procedure));
    const principal = res.locals.principal as Principal | undefined;
    if (
      procedure &&
      principal &&
      req.body &&
      typeof req.body === 'object' &&
      !Array.isArray(req.body)
    )
      req.body = await completeFromProfile(deps.cases, principal, procedure, req.body);
    next();
  });
  return router;
}
