import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, intakeRoute } from '../partner-simulator.js';

/** SIMULATOR of the Ausländerzentralregister (AZR): takes reports of residence titles. */
export function azrSimulator() {
  const sim = new PartnerSimulator<{ azrNumber: string; reportedAt: string }>('AZR');
  const router = express.Router();
  router.use('/_sim', sim.adminRouter());
  router.post(
    '/reports',
    ...intakeRoute(sim, ['caseId', 'applicant', 'event'], () => ({
      azrNumber: `AZR-${randomUUID().slice(0, 12)}`,
      reportedAt: new Date().toISOString(),
    })),
  );
  return { router, sim };
}
