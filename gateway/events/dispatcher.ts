import type { Pool } from '../../common/db.js';
import type { Logger } from '../../common/logger.js';
import type { Principal } from '../auth.js';
import { readCaseEvents } from '../../read-model/case-events.js';
import {
  WebhooksStore,
  type ClaimedDelivery,
  type WebhookSubscription,
} from '../data/webhooks-store.js';
import { webhookHeaders } from './signature.js';
import { EVENT_TYPE_PREFIX, EventVisibility, type EventVisibilityDeps } from './visibility.js';

export interface DispatcherOptions {
  /** Wait after a round with nothing to do. */
  pollMs: number;
  /** The first retry waits this long; each further one twice as long as the one before. */
  retryBaseMs: number;
  /** The longest wait between two tries. */
  retryMaxMs: number;
  /** Tries before a delivery is parked as dead (the dead-letter list). */
  maxAttempts: number;
  /** How long a receiver may take to answer. */
  timeoutMs: number;
  /** Deliveries in flight at once (at most 2 of one subscription claimed per round). */
  batchSize: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  pollMs: 250,
  retryBaseMs: 10_000,
  retryMaxMs: 6 * 3600_000,
  maxAttempts: 10,
  timeoutMs: 10_000,
  batchSize: 20,
};

/** Tries of one subscription in flight at once, in one dispatcher. */
const PER_SUBSCRIPTION = 2;

/** The principal a subscription receives as: its organisation's employer, or the agent. */
export function subscriberPrincipal(
  s: Pick<WebhookSubscription, 'ownerKind' | 'owner'>,
): Principal {
  return s.ownerKind === 'organisation'
    ? { role: 'employer', subject: `organisation:${s.owner}`, organisation: s.owner }
    : { role: 'agent', subject: s.owner };
}

/**
 * The webhook dispatcher (runs in the gateway process: it needs the gateway's access and
 * minimisation rules and its stores; every gateway replica runs one, and they share the work
 * through PostgreSQL). Two steps per round:
 *
 * 1. **Fan-out**: the events after the fan-out position (`webhook_fanout`, locked: one
 *    dispatcher at a time) become one delivery per subscription that matches (procedure, case,
 *    event type) and may see the event, with the receiver's minimised event as body; the
 *    deliveries and the new position commit together.
 * 2. **Delivery**: due deliveries are claimed (`for update skip locked`, leased), signed and
 *    POSTed; a 2xx settles them, anything else retries after `retryBaseMs · 2^(tries−1)`
 *    (at most `retryMaxMs`) until `maxAttempts`, then the delivery is dead.
 */
export class WebhookDispatcher {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Tries in flight per subscription: at most PER_SUBSCRIPTION (a slow receiver waits alone). */
  private readonly perSubscription = new Map<string, number>();

  constructor(
    private readonly pool: Pool,
    private readonly deps: EventVisibilityDeps,
    private readonly log: Logger,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop?.catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const fanned = await this.fanOutOnce();
        const sent = await this.deliverOnce();
        if (fanned === 0 && sent === 0) await this.sleep(this.options.pollMs);
      } catch (err) {
        if (!this.running) break;
        this.log.error('webhook dispatch failed, retrying', { error: (err as Error).message });
        await this.sleep(1000);
      }
    }
  }

  /** One fan-out step; the number of events it went past. */
  async fanOutOnce(limit = 200): Promise<number> {
    let count = 0;
    await WebhooksStore.fanOut(this.pool, async (client, after) => {
      const subs = await WebhooksStore.allSubscriptions(client);
      // No subscription wants the events before the oldest one's creation: start there.
      const oldest = subs
        .map((s) => BigInt(s.afterEventId))
        .reduce<bigint | null>((a, b) => (a === null || b < a ? b : a), null);
      const start = oldest !== null && oldest > BigInt(after) ? oldest.toString() : after;
      const events = await readCaseEvents(client, start, limit);
      count = events.length;
      if (events.length === 0) return start;
      const visibility = new EventVisibility(this.deps);
      const rows: { subscriptionId: string; eventId: string; body: unknown }[] = [];
      for (const e of events) {
        const record = subs.length > 0 ? await this.deps.cases.get(e.caseId) : null;
        for (const s of subs) {
          if (BigInt(e.id) <= BigInt(s.afterEventId)) continue;
          if (s.caseIds.length > 0 && !s.caseIds.includes(e.caseId)) continue;
          if (
            s.procedures.length > 0 &&
            !s.procedures.includes(e.bpmnProcessId) &&
            !(record && s.procedures.includes(record.procedure))
          )
            continue;
          if (s.eventTypes.length > 0 && !s.eventTypes.includes(`${EVENT_TYPE_PREFIX}${e.type}`))
            continue;
          const body = await visibility.eventFor(subscriberPrincipal(s), e);
          if (body) rows.push({ subscriptionId: s.id, eventId: e.id, body });
        }
      }
      await WebhooksStore.insertDeliveries(client, rows);
      return events[events.length - 1]!.id;
    });
    return count;
  }

  /**
   * One delivery step: claims as many due deliveries as there are free slots (`batchSize` in
   * flight at most, `PER_SUBSCRIPTION` of one subscription) and sends them without waiting for
   * them: a slow or unreachable receiver holds its own slots, never the others'. The number
   * claimed.
   */
  async deliverOnce(): Promise<number> {
    const free = this.options.batchSize - this.inFlight.size;
    if (free <= 0) return 0;
    const busy = [...this.perSubscription]
      .filter(([, n]) => n >= PER_SUBSCRIPTION)
      .map(([id]) => id);
    const claimed = await WebhooksStore.claimDue(
      this.pool,
      free,
      this.options.timeoutMs * 2,
      PER_SUBSCRIPTION,
      busy,
    );
    for (const d of claimed) {
      this.perSubscription.set(
        d.subscriptionId,
        (this.perSubscription.get(d.subscriptionId) ?? 0) + 1,
      );
      const sending: Promise<void> = this.deliver(d)
        .catch((err: Error) => {
          this.log.error('webhook delivery not settled', { delivery: d.id, error: err.message });
        })
        .finally(() => {
          this.inFlight.delete(sending);
          const n = (this.perSubscription.get(d.subscriptionId) ?? 1) - 1;
          if (n > 0) this.perSubscription.set(d.subscriptionId, n);
          else this.perSubscription.delete(d.subscriptionId);
        });
      this.inFlight.add(sending);
    }
    return claimed.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify(d.body);
    let status: number | null = null;
    let error: string;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/cloudevents+json',
          ...webhookHeaders(d.secret, d.eventId, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) {
        await WebhooksStore.settle(this.pool, d, { delivered: true, status });
        return;
      }
      error = `receiver answered ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    const retryInMs =
      d.attempts >= this.options.maxAttempts
        ? null
        : Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (d.attempts - 1));
    if (retryInMs === null)
      this.log.warn('webhook delivery dead', { delivery: d.id, event: d.eventId, error });
    await WebhooksStore.settle(this.pool, d, { delivered: false, status, error, retryInMs });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
