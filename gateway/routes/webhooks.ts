import { Router, type Request } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  updateWebhook,
  type WebhookRequest,
} from '../use-cases/webhooks.js';

/** Webhook subscriptions of employers (per organisation) and agents, their delivery logs. */
export function webhooksRouter(deps: GatewayDeps): Router {
  const router = Router();
  // The ids' patterns are the document's: the OpenAPI validation refused malformed ones (400).
  const id = (req: Request) => String(req.params.webhookId);
  router.post('/webhooks', async (req, res) => {
    res
      .status(201)
      .json(await createWebhook(deps, principalOf(res.locals), req.body as WebhookRequest));
  });
  router.get('/webhooks', async (_req, res) => {
    res.json({ webhooks: await listWebhooks(deps, principalOf(res.locals)) });
  });
  router.get('/webhooks/:webhookId', async (req, res) => {
    res.json(await getWebhook(deps, principalOf(res.locals), id(req)));
  });
  router.put('/webhooks/:webhookId', async (req, res) => {
    res.json(
      await updateWebhook(deps, principalOf(res.locals), id(req), req.body as WebhookRequest),
    );
  });
  router.delete('/webhooks/:webhookId', async (req, res) => {
    await deleteWebhook(deps, principalOf(res.locals), id(req));
    res.status(204).end();
  });
  router.get('/webhooks/:webhookId/deliveries', async (req, res) => {
    const state = req.query.state as 'pending' | 'delivered' | 'dead' | undefined;
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    res.json({
      deliveries: await listDeliveries(deps, principalOf(res.locals), id(req), state, limit),
    });
  });
  router.post('/webhooks/:webhookId/deliveries/:deliveryId/redeliver', async (req, res) => {
    res.json(
      await redeliver(deps, principalOf(res.locals), id(req), String(req.params.deliveryId)),
    );
  });
  return router;
}
