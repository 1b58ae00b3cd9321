import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator } from '../partner-simulator.js';

/**
 * SIMULATOR of a recognition body (Anerkennungsstelle). It accepts applications and
 * forwarded documents; its completeness confirmations, Nachforderungen and decisions reach
 * the platform as messages through the gateway.
 */
export interface RecognitionReceipt {
  recognitionFileId?: string;
  receivedAt: string;
}

export function recognitionSimulator(): {
  router: express.Router;
  sim: PartnerSimulator<RecognitionReceipt>;
} {
  const sim = new PartnerSimulator<RecognitionReceipt>('recognition body');
  const router = express.Router();
  router.use('/_sim', sim.adminRouter());
  router.post('/applications', sim.faults(), (req, res) => {
    const body = req.body as { caseId?: unknown; qualification?: unknown };
    if (typeof body.caseId !== 'string' || typeof body.qualification !== 'object') {
      res.status(400).json({ error: 'caseId and qualification are required' });
      return;
    }
    const outcome = sim.once(req, () => ({
      recognitionFileId: `AN-${randomUUID()}`,
      receivedAt: new Date().toISOString(),
    }));
    if (!outcome) {
      res.status(400).json({ error: 'Idempotency-Key header is required' });
      return;
    }
    res.status(outcome.replayed ? 200 : 201).json(outcome.result);
  });
  router.post('/applications/:fileId/documents', sim.faults(), (req, res) => {
    const known = [...sim.effects.values()].some(
      (e) => e.result.recognitionFileId === req.params.fileId,
    );
    if (!known) {
      res.status(404).json({ error: `no application ${req.params.fileId}` });
      return;
    }
    const body = req.body as { documents?: unknown };
    if (!Array.isArray(body.documents) || body.documents.length === 0) {
      res.status(400).json({ error: 'documents are required' });
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
