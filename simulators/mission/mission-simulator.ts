import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { PartnerSimulator, intakeRoute } from '../partner-simulator.js';
import { AutoAnswerer, type GatewayLink } from '../auto-answer.js';
import { wallClock, type SimulatorClock } from '../clock.js';

/**
 * SIMULATOR of a German mission abroad (appointment system). It books the first free slot,
 * `appointmentInDays` ahead. When that is later than the deadline it is given (`bookWithin`,
 * what is left of the window, e.g. P21D under §31a AufenthV; none: no limit), it books nothing
 * and answers 409 NO_SLOT_WITHIN_DEADLINE
 * with the earliest slot: a business answer the visa procedure models, not an error.
 * Configure with PUT /mission/_sim/settings {"appointmentInDays": n, "visaValidForDays": n}. Lodging and the visa
 * decision reach the platform as messages through the gateway (with auto-answer on, from the
 * simulator itself: lodged, then the decision once the case waits for it; default GRANTED,
 * valid for 180 days).
 */
export interface MissionSettings {
  appointmentInDays: number;
  /** How long an auto-answered visa is valid (days from today). */
  visaValidForDays: number;
}

const DAY_MS = 86_400_000;

/** An ISO 8601 days-time duration (P21D, P15DT23H59M58.5S) in ms; undefined for none. */
export function durationMs(iso: unknown): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(iso));
  if (!m || iso === 'P' || iso === 'PT') return undefined;
  const [, d = '0', h = '0', min = '0', sec = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(sec) * 1000;
}

export function missionSimulator(
  gateway: () => GatewayLink | undefined = () => undefined,
  clock: SimulatorClock = wallClock,
) {
  const sim = new PartnerSimulator<{ appointmentAt: string; missionReference: string }>(
    'mission',
    clock,
  );
  const settings: MissionSettings = { appointmentInDays: 5, visaValidForDays: 180 };
  /** Per-case settings over the simulator's (one case's slot or validity, nobody else's). */
  const caseSettings = new Map<string, Partial<MissionSettings>>();
  const settingsFor = (caseId: unknown): MissionSettings => ({
    ...settings,
    ...caseSettings.get(String(caseId)),
  });
  const auto = new AutoAnswerer('MISSION', gateway, clock);
  sim.onNewEffect = (body, result) =>
    auto.answer(String(body.caseId), () => {
      const outcome = auto.outcome(String(body.caseId), 'GRANTED');
      const today = clock.now();
      const day = (d: Date) => d.toISOString().slice(0, 10);
      return [
        {
          message: 'visa-application-lodged',
          payload: { missionReference: result.missionReference, biometricsCaptured: true },
        },
        {
          message: 'visa-decision',
          payload: {
            outcome,
            missionReference: result.missionReference,
            ...(outcome === 'GRANTED'
              ? {
                  validFrom: day(today),
                  validUntil: day(
                    new Date(today.getTime() + settingsFor(body.caseId).visaValidForDays * DAY_MS),
                  ),
                }
              : { reasons: ['Simulated refusal'] }),
          },
        },
      ];
    });
  const router = express.Router();
  router.use('/_sim', sim.adminRouter(), auto.adminRouter());
  /** The settings in a request body, or null after answering 400 naming the field. */
  const checked = (req: Request, res: Response): Partial<MissionSettings> | null => {
    const body = (req.body ?? {}) as Partial<MissionSettings>;
    for (const k of ['appointmentInDays', 'visaValidForDays'] as const) {
      const v = body[k];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        const reason = 'must be a non-negative integer';
        res.status(400).json({ error: `${k} ${reason}`, errors: [{ field: `/${k}`, reason }] });
        return null;
      }
    }
    const { appointmentInDays, visaValidForDays } = body;
    return Object.fromEntries(
      Object.entries({ appointmentInDays, visaValidForDays }).filter(([, v]) => v !== undefined),
    );
  };
  router.put('/_sim/settings', (req, res) => {
    const body = checked(req, res);
    if (body) res.json(Object.assign(settings, body));
  });
  router.put('/_sim/settings/cases/:caseId', (req, res) => {
    const body = checked(req, res);
    if (!body) return;
    caseSettings.set(req.params.caseId, { ...caseSettings.get(req.params.caseId), ...body });
    res.json({ caseId: req.params.caseId, ...settingsFor(req.params.caseId) });
  });
  router.get('/_sim/settings/cases/:caseId', (req, res) => {
    res.json({ caseId: req.params.caseId, ...settingsFor(req.params.caseId) });
  });

  const slotWithinDeadline = (req: Request, res: Response, next: NextFunction) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { appointmentInDays } = settingsFor(body.caseId);
    const within = durationMs(body.bookWithin);
    if (within !== undefined && appointmentInDays * DAY_MS > within) {
      res.status(409).json({
        code: 'NO_SLOT_WITHIN_DEADLINE',
        message: `no free slot within ${String((req.body as Record<string, unknown>).bookWithin)}`,
        earliestAvailableAt: new Date(
          sim.now().getTime() + appointmentInDays * DAY_MS,
        ).toISOString(),
      });
      return;
    }
    next();
  };
  const [faults, book] = intakeRoute(sim, ['caseId', 'missionCode'], (body) => ({
    appointmentAt: new Date(
      sim.now().getTime() + settingsFor(body.caseId).appointmentInDays * DAY_MS,
    ).toISOString(),
    missionReference: `${String(body.missionCode)}-${randomUUID().slice(0, 8)}`,
  }));
  router.post('/appointments', faults, slotWithinDeadline, book);
  return { router, sim, settings, auto };
}
