import express, { type Request, type Response, type NextFunction } from 'express';
import { wallClock, type SimulatorClock } from './clock.js';

/**
 * Behaviour every simulated partner system shares: configurable latency and failure rate,
 * and bookkeeping of calls per idempotency key, so tests can prove that a retried job
 * caused exactly one side effect. Configure at runtime with PUT <base>/_sim/config.
 */
export interface SimulatorConfig {
  /** Added delay before every answer. */
  latencyMs: number;
  /** Share of calls (0..1) answered with 503, as a partner outage would. */
  failureRate: number;
  /** The next N calls fail with 503 regardless of failureRate (deterministic for tests). */
  failNext: number;
}

export interface SideEffect<T> {
  idempotencyKey: string;
  /** The request path that caused it, e.g. /zustimmung-requests. */
  path: string;
  calls: number;
  result: T;
  firstCallAt: string;
  body: unknown;
}

export class PartnerSimulator<T> {
  config: SimulatorConfig = { latencyMs: 0, failureRate: 0, failNext: 0 };
  readonly effects = new Map<string, SideEffect<T>>();
  /** Called after every new side effect (not on replays): auto-answers hang here. */
  onNewEffect?: (body: Record<string, unknown>, result: T, path: string) => void;

  constructor(
    readonly name: string,
    /** Where its dates come from: the engine's clock in a test stack or sandbox (clock.ts). */
    readonly clock: SimulatorClock = wallClock,
  ) {}

  /** The simulator's now (the engine's where it follows a test clock). */
  now(): Date {
    return this.clock.now();
  }

  /** Middleware: the clock synced, latency and injected failures, before any side effect. */
  faults() {
    return async (_req: Request, res: Response, next: NextFunction) => {
      await this.clock.sync();
      if (this.config.latencyMs > 0) await new Promise((r) => setTimeout(r, this.config.latencyMs));
      if (this.config.failNext > 0 || Math.random() < this.config.failureRate) {
        if (this.config.failNext > 0) this.config.failNext -= 1;
        res
          .status(503)
          .set('retry-after', '1')
          .json({ error: `${this.name} simulator: injected outage` });
        return;
      }
      next();
    };
  }

  /**
   * Runs `effect` once per idempotency key; a repeated call returns the first result.
   * Returns undefined when the key is missing (the caller answers 400).
   */
  once(req: Request, effect: () => T): { result: T; replayed: boolean } | undefined {
    const key = req.get('idempotency-key');
    if (!key) return undefined;
    const existing = this.effects.get(key);
    if (existing) {
      existing.calls += 1;
      return { result: existing.result, replayed: true };
    }
    const result = effect();
    this.effects.set(key, {
      idempotencyKey: key,
      path: req.path,
      calls: 1,
      result,
      firstCallAt: this.now().toISOString(),
      body: req.body,
    });
    this.onNewEffect?.((req.body ?? {}) as Record<string, unknown>, result, req.path);
    return { result, replayed: false };
  }

  /** Admin routes under <base>/_sim for tests and demos. */
  adminRouter(): express.Router {
    const router = express.Router();
    router.get('/config', (_req, res) => void res.json(this.config));
    router.put('/config', (req, res) => {
      const body = req.body as Partial<SimulatorConfig>;
      for (const k of ['latencyMs', 'failureRate', 'failNext'] as const) {
        if (body[k] !== undefined) {
          if (typeof body[k] !== 'number' || body[k]! < 0) {
            res.status(400).json({ error: `${k} must be a non-negative number` });
            return;
          }
          this.config[k] = body[k]!;
        }
      }
      res.json(this.config);
    });
    router.get('/effects', (_req, res) => void res.json([...this.effects.values()]));
    router.delete('/effects', (_req, res) => {
      this.effects.clear();
      res.status(204).end();
    });
    return router;
  }
}

/**
 * The common shape of a simulated intake endpoint: required fields, one side effect per
 * idempotency key (201 first, 200 on replay), injected faults first.
 */
export function intakeRoute<T>(
  sim: PartnerSimulator<T>,
  required: string[],
  makeResult: (body: Record<string, unknown>) => T,
) {
  return [
    sim.faults(),
    (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const missing = required.filter((f) => body[f] === undefined || body[f] === null);
      if (missing.length > 0) {
        res.status(400).json({ error: `${missing.join(', ')} required` });
        return;
      }
      const outcome = sim.once(req, () => makeResult(body));
      if (!outcome) {
        res.status(400).json({ error: 'Idempotency-Key header is required' });
        return;
      }
      res.status(outcome.replayed ? 200 : 201).json(outcome.result);
    },
  ] as const;
}

/**
 * A follow-up to an earlier intake (more information, more documents): 404 unless the file
 * `:fileId` exists among the simulator's effects, 400 without a non-empty `listField`.
 */
export function followUpRoute<T extends { receivedAt: string }>(
  sim: PartnerSimulator<T>,
  fileIdOf: (result: T) => string | undefined,
  listField: string,
) {
  return [
    sim.faults(),
    (req: Request, res: Response) => {
      const fileId = String(req.params.fileId);
      if (![...sim.effects.values()].some((e) => fileIdOf(e.result) === fileId)) {
        res.status(404).json({ error: `no file ${fileId}` });
        return;
      }
      const list = (req.body as Record<string, unknown>)?.[listField];
      if (!Array.isArray(list) || list.length === 0) {
        res.status(400).json({ error: `${listField} are required` });
        return;
      }
      const outcome = sim.once(req, () => ({ receivedAt: sim.now().toISOString() }) as T);
      if (!outcome) {
        res.status(400).json({ error: 'Idempotency-Key header is required' });
        return;
      }
      res.status(outcome.replayed ? 200 : 201).json(outcome.result);
    },
  ] as const;
}
