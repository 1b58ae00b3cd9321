import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, followUpRoute, intakeRoute } from '../partner-simulator.js';
import { AutoAnswerer, type GatewayLink } from '../auto-answer.js';
import { wallClock, type SimulatorClock } from '../clock.js';

/**
 * SIMULATOR of the Bundesagentur für Arbeit's electronic labour-market admission (AMZ).
 * It accepts Zustimmung requests and acknowledges them with a BA request id. Decisions are
 * delivered to the platform as the message `ba-zustimmung-decision` through the gateway:
 * by the test or demo, or with auto-answer on by the simulator itself (default APPROVED).
 */
export interface BaReceipt {
  /** Set for a new Zustimmung request. */
  baRequestId?: string;
  receivedAt: string;
}

export function baSimulator(
  gateway: () => GatewayLink | undefined = () => undefined,
  clock: SimulatorClock = wallClock,
) {
  const sim = new PartnerSimulator<BaReceipt>('BA', clock);
  const auto = new AutoAnswerer('BA', gateway, clock);
  sim.onNewEffect = (body, result) => {
    if (!result.baRequestId) return; // answers to questions need no decision of their own
    auto.answer(String(body.caseId), () => [
      {
        message: 'ba-zustimmung-decision',
        payload: {
          outcome: auto.outcome(String(body.caseId), 'APPROVED'),
          baReference: result.baRequestId,
        },
      },
    ]);
  };
  const router = express.Router();
  router.use('/_sim', sim.adminRouter(), auto.adminRouter());
  router.post(
    '/zustimmung-requests',
    ...intakeRoute(sim, ['caseId', 'employer', 'jobOffer'], () => ({
      baRequestId: `BA-${randomUUID()}`,
      receivedAt: sim.now().toISOString(),
    })),
  );
  router.post(
    '/zustimmung-requests/:fileId/information',
    ...followUpRoute(sim, (r) => r.baRequestId, 'answers'),
  );
  return { router, sim, auto };
}
