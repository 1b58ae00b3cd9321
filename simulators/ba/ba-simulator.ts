import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator } from '../partner-simulator.js';

/**
 * SIMULATOR of the Bundesagentur für Arbeit's electronic labour-market admission (AMZ).
 * It accepts Zustimmung requests and acknowledges them with a BA request id. Decisions are
 * delivered to the platform as the message `ba-zustimmung-decision` through the gateway.
 */
export interface BaReceipt {
  /** Set for a new Zustimmung request. */
  baRequestId?: string;
  receivedAt: string;
}

export function baSimulator(): {
  router: express.Router;
  sim: PartnerSimulator<BaReceipt>;
} {
  const sim = new PartnerSimulator<BaReceipt>('BA');
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
  router.post('/zustimmung-requests/:baRequestId/information', sim.faults(), (req, res) => {
    const known = [...sim.effects.values()].some(
      (e) => e.result.baRequestId === req.params.baRequestId,
    );
    if (!known) {
      res.status(404).json({ error: `no Zustimmung request ${req.params.baRequestId}` });
      return;
    }
    const body = req.body as { answers?: unknown };
    if (!Array.isArray(body.answers) || body.answers.length === 0) {
      res.status(400).json({ error: 'answers are required' });
      return;
    }
    const outcome = sim.once(req, () => ({ receivedAt: new Date().toISOString() }));
    if (!outcome) {
      res.status(400).json({ error: 'Idempotency-Key header is required' });
      return;
    }
    res.status(outcome.replayed ? 200 : 201).json(outcome.result);
  });
  return { router, sim };
}
