import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, followUpRoute, intakeRoute } from '../partner-simulator.js';

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
  router.post(
    '/applications',
    ...intakeRoute(sim, ['caseId', 'qualification'], () => ({
      recognitionFileId: `AN-${randomUUID()}`,
      receivedAt: new Date().toISOString(),
    })),
  );
  router.post(
    '/applications/:fileId/documents',
    ...followUpRoute(sim, (r) => r.recognitionFileId, 'documents'),
  );
  return { router, sim };
}
