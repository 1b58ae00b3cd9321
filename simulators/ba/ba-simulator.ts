import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, followUpRoute, intakeRoute } from '../partner-simulator.js';

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
  router.post(
    '/zustimmung-requests',
    ...intakeRoute(sim, ['caseId', 'employer', 'jobOffer'], () => ({
      baRequestId: `BA-${randomUUID()}`,
      receivedAt: new Date().toISOString(),
    })),
  );
  router.post(
    '/zustimmung-requests/:fileId/information',
    ...followUpRoute(sim, (r) => r.baRequestId, 'answers'),
  );
  return { router, sim };
}
