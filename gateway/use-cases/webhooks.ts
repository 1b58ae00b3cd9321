import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type {
  WebhookDelivery,
  WebhookSubscription,
  WebhooksStore,
} from '../data/webhooks-store.js';
import type { Procedure } from '../../processes/registry.js';
import { Problem, type FieldError } from '../problem.js';
import { newWebhookSecret } from '../events/signature.js';
import { visibleCase } from './visible-case.js';

/**
 * Webhook subscriptions (issue 20): an employer subscribes for its organisation, an agent for
 * itself (the parties that integrate their own systems). Each subscription is its owner's:
 * another caller's id answers 404. The secret is answered once, at creation.
 */
type Deps = {
  cases: CasesStore;
  procedures: Map<string, Procedure>;
  webhooks: WebhooksStore;
  events: { allowPrivateWebhookUrls: boolean };
};

export interface WebhookRequest {
  url: string;
  procedures?: string[];
  caseIds?: string[];
  eventTypes?: string[];
}

export interface WebhookView {
  webhookId: string;
  url: string;
  procedures: string[];
  caseIds: string[];
  eventTypes: string[];
  createdAt: string;
}

export interface DeliveryView {
  deliveryId: string;
  eventId: string;
  state: WebhookDelivery['state'];
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  event: Record<string, unknown>;
}

const view = (s: WebhookSubscription): WebhookView => ({
  webhookId: s.id,
  url: s.url,
  procedures: s.procedures,
  caseIds: s.caseIds,
  eventTypes: s.eventTypes,
  createdAt: s.createdAt.toISOString(),
});

const deliveryView = (d: WebhookDelivery): DeliveryView => ({
  deliveryId: d.id,
  eventId: d.eventId,
  state: d.state,
  attempts: d.attempts,
  nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt.toISOString() : null,
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  event: d.body,
});

/** Whose subscriptions the caller keeps: an employer its organisation's, an agent its own. */
function ownerOf(p: Principal): { ownerKind: WebhookSubscription['ownerKind']; owner: string } {
  if (p.role === 'employer' && p.organisation)
    return { ownerKind: 'organisation', owner: p.organisation };
  if (p.role === 'agent') return { ownerKind: 'agent', owner: p.subject };
  throw Problem.forbidden(
    'Only an employer (for its organisation) or an agent subscribes to webhooks',
  );
}

export async function createWebhook(
  deps: Deps,
  principal: Principal,
  body: WebhookRequest,
): Promise<WebhookView & { secret: string }> {
  const owner = ownerOf(principal);
  const checked = await checkRequest(deps, principal, body);
  const secret = newWebhookSecret();
  const saved = await deps.webhooks.create({
    id: randomUUID(),
    ...owner,
    ...checked,
    secret,
    createdBy: principal.subject,
    createdAt: new Date(),
  });
  return { ...view(saved), secret };
}

/** Replaces a subscription's address and filters (the secret stays). */
export async function updateWebhook(
  deps: Deps,
  principal: Principal,
  id: string,
  body: WebhookRequest,
): Promise<WebhookView> {
  await ownWebhook(deps, principal, id);
  const updated = await deps.webhooks.update(id, await checkRequest(deps, principal, body));
  if (!updated) throw Problem.notFound(`No webhook ${id}`);
  return view(updated);
}

/** The request checked (400 naming each field), its lists without repeats. */
async function checkRequest(deps: Deps, principal: Principal, body: WebhookRequest) {
  const errors: FieldError[] = [];
  const url = parseUrl(body.url);
  if (!url) errors.push({ field: '/url', reason: 'must be an absolute http or https URL' });
  else if (isInternalHost(url.hostname) && !deps.events.allowPrivateWebhookUrls)
    errors.push({
      field: '/url',
      reason: 'must not address this host, a private network or a link-local address',
    });
  (body.procedures ?? []).forEach((name, i) => {
    if (!deps.procedures.has(name))
      errors.push({ field: `/procedures/${i}`, reason: 'is not a procedure of this platform' });
  });
  for (const [i, caseId] of (body.caseIds ?? []).entries()) {
    const visible = await visibleCase(deps, principal, caseId).then(
      () => true,
      () => false,
    );
    if (!visible) errors.push({ field: `/caseIds/${i}`, reason: 'is no case you may see' });
  }
  if (errors.length > 0) throw Problem.badRequest('The subscription is invalid', errors);
  return {
    url: url!.toString(),
    procedures: [...new Set(body.procedures ?? [])],
    caseIds: [...new Set(body.caseIds ?? [])],
    eventTypes: [...new Set(body.eventTypes ?? [])],
  };
}

function parseUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
      ? url
      : null;
  } catch {
    return null;
  }
}

/**
 * Whether a URL's host is the platform's own network: localhost, a loopback, private,
 * link-local or unspecified address (a subscription must not make the gateway call its own
 * services). Host names are not resolved here: deployment also limits the gateway's outbound
 * traffic. Local stacks and tests allow such URLs (WEBHOOK_ALLOW_PRIVATE_URLS=true).
 */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (isIP(host) === 6) {
    // An IPv4 address in IPv6 (URL writes it in hex: ::ffff:7f00:1).
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (mapped) {
      const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
      return isInternalHost(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}

export async function listWebhooks(deps: Deps, principal: Principal): Promise<WebhookView[]> {
  const { ownerKind, owner } = ownerOf(principal);
  return (await deps.webhooks.list(ownerKind, owner)).map(view);
}

/** The caller's own subscription, or 404. */
async function ownWebhook(deps: Deps, principal: Principal, id: string) {
  const { ownerKind, owner } = ownerOf(principal);
  const s = await deps.webhooks.get(id);
  if (!s || s.ownerKind !== ownerKind || s.owner !== owner)
    throw Problem.notFound(`No webhook ${id}`);
  return s;
}

export async function getWebhook(deps: Deps, principal: Principal, id: string) {
  return view(await ownWebhook(deps, principal, id));
}

export async function deleteWebhook(deps: Deps, principal: Principal, id: string): Promise<void> {
  await ownWebhook(deps, principal, id);
  await deps.webhooks.delete(id);
}

export async function listDeliveries(
  deps: Deps,
  principal: Principal,
  id: string,
  state: WebhookDelivery['state'] | undefined,
  limit: number,
): Promise<DeliveryView[]> {
  await ownWebhook(deps, principal, id);
  return (await deps.webhooks.deliveries(id, state, limit)).map(deliveryView);
}

export async function redeliver(
  deps: Deps,
  principal: Principal,
  id: string,
  deliveryId: string,
): Promise<DeliveryView> {
  await ownWebhook(deps, principal, id);
  const d = await deps.webhooks.redeliver(id, deliveryId);
  if (!d) throw Problem.notFound(`No delivery ${deliveryId} of webhook ${id}`);
  return deliveryView(d);
}
