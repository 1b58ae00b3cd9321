import express from 'express';
import { createHash } from 'node:crypto';
import { wallClock, type SimulatorClock } from './clock.js';

/**
 * Partner systems answer the platform later, through its API, as a real BA or BVA would:
 * a decision is a message to the case. With auto-answer on, a SIMULATOR sends those
 * messages by itself after each new request: configurable outcome and delay, so demos and
 * load runs need nobody to play the authority. Off by default (tests send decisions
 * themselves); switch on with PUT <simulator>/_sim/auto-answer {"enabled": true, ...}.
 *
 * Settings per case (`PUT /_sim/auto-answer/cases/{caseId}`) override the simulator's own for
 * that case only, so one organisation's test case never changes the answers of another's; a
 * sandbox runs its own simulators (docs/sandbox.md), so the simulator-wide settings are the
 * sandbox's.
 *
 * A message the case is not waiting for yet (409, e.g. the mission's decision before the
 * BVA has answered, or a wait the projection has not shown yet) is sent again until it is
 * taken or `maxAttempts` run out.
 */
export interface AutoAnswerSettings {
  enabled: boolean;
  /** Wait before each message. */
  delayMs: number;
  /** The decision to send (e.g. APPROVED / REFUSED); null: the simulator's default. */
  outcome: string | null;
}

export interface SentAnswer {
  caseId: string;
  message: string;
  status: number;
  attempts: number;
}

/** Where the gateway is and how a partner authenticates there (set once both run). */
export interface GatewayLink {
  url: string;
  tokenFor: (authority: string) => Promise<string>;
}

export interface Answer {
  message: string;
  payload: Record<string, unknown>;
}

export class AutoAnswerer {
  settings: AutoAnswerSettings = { enabled: false, delayMs: 0, outcome: null };
  /** Per-case overrides of `settings`. */
  readonly caseSettings = new Map<string, Partial<AutoAnswerSettings>>();
  /** Requests that came while auto-answer was off for their case, answered once it is on. */
  private readonly pending = new Map<string, (() => Answer[])[]>();
  readonly sent: SentAnswer[] = [];
  retryMs = 500;
  maxAttempts = 120;

  constructor(
    readonly authority: string,
    private readonly gateway: () => GatewayLink | undefined,
    /** Answers computed from it (a visa's validity): the engine's clock in a sandbox. */
    private readonly clock: SimulatorClock = wallClock,
  ) {}

  /** The settings that apply to a case: its own over the simulator's. */
  settingsFor(caseId: string): AutoAnswerSettings {
    return { ...this.settings, ...this.caseSettings.get(caseId) };
  }

  /** The outcome configured for the case (or the simulator), or the simulator's default. */
  outcome(caseId: string, fallback: string): string {
    return this.settingsFor(caseId).outcome ?? fallback;
  }

  /** Sends the answers one after another (each after the delay), if auto-answer is on. */
  answer(caseId: string, answers: () => Answer[]): void {
    const settings = this.settingsFor(caseId);
    if (!settings.enabled) {
      this.pending.set(caseId, [...(this.pending.get(caseId) ?? []), answers]);
      // Bounded: the oldest waiting cases are forgotten (Maps iterate in insertion order).
      if (this.pending.size > MAX_PENDING_CASES)
        this.pending.delete(this.pending.keys().next().value as string);
      return;
    }
    this.pending.delete(caseId);
    void (async () => {
      await sleep(settings.delayMs);
      await this.clock.sync();
      for (const [i, a] of answers().entries()) {
        if (i > 0) await sleep(settings.delayMs);
        const result = await this.send(caseId, a);
        this.sent.push(result);
        if (result.status !== 202) return;
      }
    })();
  }

  private async send(caseId: string, a: Answer): Promise<SentAnswer> {
    let status = 0;
    let attempts = 0;
    while (attempts < this.maxAttempts) {
      attempts += 1;
      const link = this.gateway();
      if (link) {
        try {
          const res = await fetch(`${link.url}/api/v1/cases/${caseId}/messages/${a.message}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${await link.tokenFor(this.authority)}`,
              // One delivery per answer (its payload carries the request's reference),
              // however often it is retried.
              'idempotency-key': `sim-${a.message}-${caseId}-${digest(a.payload)}`,
            },
            body: JSON.stringify(a.payload),
          });
          status = res.status;
          await res.body?.cancel();
          if (status === 202 || (status >= 400 && status < 500 && status !== 409)) break;
        } catch {
          status = 0; // gateway not reachable: try again
        }
      }
      await sleep(this.retryMs);
    }
    return { caseId, message: a.message, status, attempts };
  }

  adminRouter(): express.Router {
    const router = express.Router();
    router.get('/auto-answer', (_req, res) => void res.json(this.settings));
    router.put('/auto-answer', (req, res) => {
      const body = checkedSettings(req.body, res);
      if (body) res.json(Object.assign(this.settings, body));
    });
    router.get('/auto-answer/cases/:caseId', (req, res) => {
      res.json({ caseId: req.params.caseId, ...this.settingsFor(req.params.caseId) });
    });
    router.put('/auto-answer/cases/:caseId', (req, res) => {
      const body = checkedSettings(req.body, res);
      if (!body) return;
      const own = { ...this.caseSettings.get(req.params.caseId), ...body };
      this.caseSettings.set(req.params.caseId, own);
      // Switched on for a case already waiting: answer what it asked meanwhile.
      const waiting = this.pending.get(req.params.caseId) ?? [];
      for (const answers of waiting) this.answer(req.params.caseId, answers);
      res.json({ caseId: req.params.caseId, ...this.settingsFor(req.params.caseId) });
    });
    router.delete('/auto-answer/cases/:caseId', (req, res) => {
      this.caseSettings.delete(req.params.caseId);
      res.status(204).end();
    });
    router.get('/answers', (_req, res) => void res.json(this.sent));
    return router;
  }
}

/** The settings in a request body, or null after answering 400 with the field and why. */
function checkedSettings(raw: unknown, res: express.Response): Partial<AutoAnswerSettings> | null {
  const body = (raw ?? {}) as Partial<AutoAnswerSettings>;
  const refuse = (field: string, reason: string) => {
    res.status(400).json({ error: `${field} ${reason}`, errors: [{ field: `/${field}`, reason }] });
    return null;
  };
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
    return refuse('enabled', 'must be a boolean');
  if (body.delayMs !== undefined && (typeof body.delayMs !== 'number' || body.delayMs < 0))
    return refuse('delayMs', 'must be a non-negative number');
  if (body.outcome !== undefined && body.outcome !== null && typeof body.outcome !== 'string')
    return refuse('outcome', 'must be a string or null');
  const { enabled, delayMs, outcome } = body;
  return Object.fromEntries(
    Object.entries({ enabled, delayMs, outcome }).filter(([, v]) => v !== undefined),
  ) as Partial<AutoAnswerSettings>;
}

const MAX_PENDING_CASES = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const digest = (payload: object) =>
  createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 16);
