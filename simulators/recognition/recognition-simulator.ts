import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, followUpRoute, intakeRoute } from '../partner-simulator.js';
import { AutoAnswerer, type GatewayLink } from '../auto-answer.js';
import { wallClock, type SimulatorClock } from '../clock.js';

/**
 * SIMULATOR of a recognition body (Anerkennungsstelle). It accepts applications and
 * forwarded documents; its completeness confirmations, Nachforderungen and decisions reach
 * the platform as messages through the gateway (with auto-answer on, from the simulator
 * itself: complete, then the decision; default EQUIVALENT).
 */
export interface RecognitionReceipt {
  recognitionFileId?: string;
  receivedAt: string;
}

export function recognitionSimulator(
  gateway: () => GatewayLink | undefined = () => undefined,
  clock: SimulatorClock = wallClock,
) {
  const sim = new PartnerSimulator<RecognitionReceipt>('recognition body', clock);
  const auto = new AutoAnswerer('RECOGNITION', gateway, clock);
  sim.onNewEffect = (body, result) => {
    const fileReference = result.recognitionFileId;
    if (!fileReference) return;
    auto.answer(String(body.caseId), () => [
      { message: 'recognition-application-complete', payload: { fileReference } },
      {
        message: 'recognition-decision',
        payload: { result: auto.outcome(String(body.caseId), 'EQUIVALENT'), fileReference },
      },
    ]);
  };
  const router = express.Router();
  router.use('/_sim', sim.adminRouter(), auto.adminRouter());
  router.post(
    '/applications',
    ...intakeRoute(sim, ['caseId', 'qualification'], () => ({
      recognitionFileId: `AN-${randomUUID()}`,
      receivedAt: sim.now().toISOString(),
    })),
  );
  router.post(
    '/applications/:fileId/documents',
    ...followUpRoute(sim, (r) => r.recognitionFileId, 'documents'),
  );
  return { router, sim, auto };
}
