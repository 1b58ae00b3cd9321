import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, intakeRoute } from '../partner-simulator.js';
import { wallClock, type SimulatorClock } from '../clock.js';

/** SIMULATOR of the electronic residence permit (eAT) card production. */
export function eatSimulator(clock: SimulatorClock = wallClock) {
  const sim = new PartnerSimulator<{ orderId: string; expectedDelivery: string }>(
    'eAT production',
    clock,
  );
  const router = express.Router();
  router.use('/_sim', sim.adminRouter());
  router.post(
    '/orders',
    ...intakeRoute(sim, ['caseId', 'applicant', 'permit'], () => ({
      orderId: `EAT-${randomUUID().slice(0, 12)}`,
      expectedDelivery: new Date(sim.now().getTime() + 28 * 86_400_000).toISOString().slice(0, 10),
    })),
  );
  return { router, sim };
}
