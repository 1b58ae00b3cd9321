import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, intakeRoute } from '../partner-simulator.js';
import { AutoAnswerer, type GatewayLink } from '../auto-answer.js';
import { wallClock, type SimulatorClock } from '../clock.js';

/**
 * SIMULATOR of the Bundesverwaltungsamt's security consultation. It registers requests;
 * the result reaches the platform as the message `bva-security-result` through the gateway
 * (with auto-answer on, from the simulator itself; default NO_CONCERNS).
 */
export function bvaSimulator(
  gateway: () => GatewayLink | undefined = () => undefined,
  clock: SimulatorClock = wallClock,
) {
  const sim = new PartnerSimulator<{ bvaConsultationId: string }>('BVA', clock);
  const auto = new AutoAnswerer('BVA', gateway, clock);
  sim.onNewEffect = (body, result) =>
    auto.answer(String(body.caseId), () => [
      {
        message: 'bva-security-result',
        payload: {
          result: auto.outcome(String(body.caseId), 'NO_CONCERNS'),
          bvaReference: result.bvaConsultationId,
        },
      },
    ]);
  const router = express.Router();
  router.use('/_sim', sim.adminRouter(), auto.adminRouter());
  router.post(
    '/consultations',
    ...intakeRoute(sim, ['caseId', 'travelDocument'], () => ({
      bvaConsultationId: `BVA-${randomUUID()}`,
    })),
  );
  return { router, sim, auto };
}
