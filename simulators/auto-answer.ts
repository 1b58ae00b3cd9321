import express from 'express';
import { createHash } from 'node:crypto';

/**
 * Partner systems answer the platform later, through its API, as a real BA or BVA would:
 * a decision is a message to the case. With auto-answer on, a SIMULATOR sends those
 * messages by itself after each new request: configurable outcome and delay, so demos and
 * load runs need nobody to play the authority. Off by default (tests send decisions
 * themselves); switch on with PUT <simulator>/_sim/auto-answer {"enabled": true, ...}.
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
  readonly sent: SentAnswer[] = [];
  retryMs = 500;
  maxAttempts = 120;

  constructor(
    readonly authority: string,
    private readonly gateway: () => GatewayLink | undefined,
  ) {}

  /** The configured outcome, or the simulator's default. */
  outcome(fallback: string): string {
    return this.settings.outcome ?? fallback;
  }

  /** Sends the answers one after another (each after the delay), if auto-answer is on. */
  answer(caseId: string, answers: () => Answer[]): void {
    if (!this.settings.enabled) return;
    void (async () => {
      for (const a of answers()) {
        await sleep(this.settings.delayMs);
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
      const body = (req.body ?? {}) as Partial<AutoAnswerSettings>;
      if (body.enabled !== undefined && typeof body.enabled !== 'boolean') {
        res.status(400).json({ error: 'enabled must be a boolean' });
        return;
      }
      if (body.delayMs !== undefined && (typeof body.delayMs !== 'number' || body.delayMs < 0)) {
        res.status(400).json({ error: 'delayMs must be a non-negative number' });
        return;
      }
      if (body.outcome !== undefined && body.outcome !== null && typeof body.outcome !== 'string') {
        res.status(400).json({ error: 'outcome must be a string or null' });
        return;
      }
      Object.assign(this.settings, body);
      res.json(this.settings);
    });
    router.get('/answers', (_req, res) => void res.json(this.sent));
    return router;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const digest = (payload: object) =>
  createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 16);
