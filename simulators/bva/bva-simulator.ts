import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, intakeRoute } from '../partner-simulator.js';

/**
 * SIMULATOR of the Bundesverwaltungsamt's security consultation. It registers requests;
 * the result reaches the platform as the message `bva-security-result` through the gateway.
 */
export function bvaSimulator() {
  const sim = new PartnerSimulator<{ bvaConsultationId: string }>('BVA');
  const router = express.Router();
  router.use('/_sim', sim.adminRouter());
  router.post(
    '/consultations',
    ...intakeRoute(sim, ['caseId', 'travelDocument'], () => ({
      bvaConsultationId: `BVA-${randomUUID()}`,
    })),
  );
  return { router, sim };
}
