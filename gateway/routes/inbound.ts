import { Router } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import type { Answer } from './api.js';
import { receiveXauslaender } from '../use-cases/inbound-xauslaender.js';

/** Messages in the authorities' own standards: an ABH's XAusländer-shaped decision (XML). */
export function inboundRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.post('/xauslaender/messages', async (req, res) => {
    if (typeof req.body !== 'string' || req.body.trim() === '')
      throw Problem.badRequest('The message is empty', [{ field: '/', reason: 'no XML' }]);
    const result = await receiveXauslaender(deps, principalOf(res.locals), req.body);
    res.status(result.replayed ? 200 : 201).json({
      ...result,
      status: `/api/v1/cases/${result.caseId}`,
    } satisfies Answer<'receive-xauslaender-message', 201>);
  });
  return router;
}
