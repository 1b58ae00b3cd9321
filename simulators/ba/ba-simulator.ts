import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator } from '../partner-simulator.js';

/**
 * SIMULATOR of the Bundesagentur für Arbeit's electronic labour-market admission (AMZ).
 * It accepts Zustimmung requests and acknowledges them with a BA request id. Decisions are
 * delivered to the platform as the message `ba-zustimmung-decision` through the gateway.
 */
export interface ZustimmungReceipt {
  baRequestId: string;
  receivedAt: string;
}

export function baSimulator(): {
  router: express.Router;
  sim: PartnerSimulator<ZustimmungReceipt>;
} {
  const sim = new PartnerSimulator<ZustimmungReceipt>('BA');
  const router = express.Router();
  router.use('/_sim', sim.adminRouter());
  router.post('/zustimmung-requests', sim.faults(), (req, res) => {
    const body = req.body as { caseId?: unknown; jobOffer?: unknown; employer?: unknown };
    if (
      typeof body.caseId !== 'string' ||
      typeof body.jobOffer !== 'object' ||
      typeof body.employer !== 'object'
    ) {
      res.status(400).json({ error: 'caseId, employer and jobOffer are required' });
      return;
    }
    const outcome = sim.once(req, () => ({
      baRequestId: `BA-${randomUUID()}`,
      receivedAt: new Date().toISOString(),
    }));
    if (!outcome) {
      res.status(400).json({ error: 'Idempotency-Key header is required' });
      return;
    }
    res.status(outcome.replayed ? 200 : 201).json(outcome.result);
  });
  return { router, sim };
}
