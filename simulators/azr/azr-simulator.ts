import express from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, intakeRoute } from '../partner-simulator.js';
import {
  azrQuittung,
  readAzrMeldung,
  XAuslaenderError,
  XML_CONTENT_TYPE,
} from '../../common/xauslaender.js';
import { wallClock, type SimulatorClock } from '../clock.js';

/**
 * SIMULATOR of the Ausländerzentralregister (AZR): takes reports of residence titles, as JSON
 * (`POST /reports`) or as an XAusländer-shaped `azr.meldung` (`POST /xauslaender`, answered
 * with an `azr.quittung`; common/xauslaender.ts). Both record the same effect per idempotency key.
 */
export function azrSimulator(clock: SimulatorClock = wallClock) {
  const sim = new PartnerSimulator<{ azrNumber: string; reportedAt: string }>('AZR', clock);
  const receipt = () => ({
    azrNumber: `AZR-${randomUUID().slice(0, 12)}`,
    reportedAt: sim.now().toISOString(),
  });
  const router = express.Router();
  router.use('/_sim', sim.adminRouter());
  router.post('/reports', ...intakeRoute(sim, ['caseId', 'applicant', 'event'], receipt));
  router.post(
    '/xauslaender',
    express.text({ type: ['application/xml', 'text/xml'], limit: '1mb' }),
    sim.faults(),
    (req, res) => {
      let message: ReturnType<typeof readAzrMeldung>;
      try {
        message = readAzrMeldung(typeof req.body === 'string' ? req.body : '');
      } catch (err) {
        if (!(err instanceof XAuslaenderError)) throw err;
        res
          .status(400)
          .json({ error: err.message, errors: [{ field: err.field, reason: err.reason }] });
        return;
      }
      // The effect is recorded with the report the message carries, as the JSON route would.
      req.body = message.report;
      const outcome = sim.once(req, receipt);
      if (!outcome) {
        res.status(400).json({ error: 'Idempotency-Key header is required' });
        return;
      }
      res
        .status(outcome.replayed ? 200 : 201)
        .type(XML_CONTENT_TYPE)
        .send(
          azrQuittung(
            {
              azrNumber: outcome.result.azrNumber,
              caseId: message.report.caseId,
              inReplyTo: message.messageId,
            },
            randomUUID(),
          ),
        );
    },
  );
  return { router, sim };
}
