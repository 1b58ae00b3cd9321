import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator } from '../partner-simulator.js';

/**
 * SIMULATOR of the Bundesverwaltungsamt's security consultation. It registers requests;
 * the result reaches the platform as the message `bva-security-result` through the gateway.
 */
export function bvaSimulator() {
  const sim = new PartnerSimulator<{ bvaConsultationId: string }>('BVA');
  const router = express.Router();
  router.use('/_sim', sim.adminRouter());
  router.post('/consultations', sim.faults(), (req, res) => {
    const body = req.body as { caseId?: unknown; travelDocument?: unknown };
    if (typeof body.caseId !== 'string' || typeof body.travelDocument !== 'object') {
      res.status(400).json({ error: 'caseId and travelDocument are required' });
      return;
    }
    const outcome = sim.once(req, () => ({ bvaConsultationId: `BVA-${randomUUID()}` }));
    if (!outcome) {
      res.status(400).json({ error: 'Idempotency-Key header is required' });
      return;
    }
    res.status(outcome.replayed ? 200 : 201).json(outcome.result);
  });
  return { router, sim };
}
