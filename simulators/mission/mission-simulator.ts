import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, intakeRoute } from '../partner-simulator.js';

/**
 * SIMULATOR of a German mission abroad (appointment system). It books an appointment a few
 * days ahead (configurable), never later than the deadline it is given. Lodging and the visa
 * decision reach the platform as messages through the gateway.
 */
export function missionSimulator() {
  const sim = new PartnerSimulator<{ appointmentAt: string; missionReference: string }>('mission');
  const settings = { appointmentInDays: 5 };
  const router = express.Router();
  router.use('/_sim', sim.adminRouter());
  router.post(
    '/appointments',
    ...intakeRoute(sim, ['caseId', 'missionCode', 'bookWithin'], (body) => ({
      appointmentAt: new Date(Date.now() + settings.appointmentInDays * 86_400_000).toISOString(),
      missionReference: `${String(body.missionCode)}-${randomUUID().slice(0, 8)}`,
    })),
  );
  return { router, sim };
}
