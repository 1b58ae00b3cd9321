import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator } from '../partner-simulator.js';

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
  router.post('/appointments', sim.faults(), (req, res) => {
    const body = req.body as { caseId?: unknown; missionCode?: unknown; bookWithin?: unknown };
    if (
      typeof body.caseId !== 'string' ||
      typeof body.missionCode !== 'string' ||
      typeof body.bookWithin !== 'string'
    ) {
      res.status(400).json({ error: 'caseId, missionCode and bookWithin are required' });
      return;
    }
    const outcome = sim.once(req, () => ({
      appointmentAt: new Date(Date.now() + settings.appointmentInDays * 86_400_000).toISOString(),
      missionReference: `${body.missionCode}-${randomUUID().slice(0, 8)}`,
    }));
    if (!outcome) {
      res.status(400).json({ error: 'Idempotency-Key header is required' });
      return;
    }
    res.status(outcome.replayed ? 200 : 201).json(outcome.result);
  });
  return { router, sim };
}
