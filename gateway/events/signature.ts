import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures in the shape of the Standard Webhooks specification, so receivers may use
 * its libraries or this file: headers `webhook-id` (the event id: the same on every try, for
 * deduplication), `webhook-timestamp` (Unix seconds of this try) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256>` over `<id>.<timestamp>.<body>`, with the subscription's secret
 * `whsec_<base64 key>`). The timestamp is signed, so a delivery replayed later fails
 * `verifyWebhook` once it is older than the tolerance (5 minutes).
 */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** A new subscription secret: 32 random bytes, `whsec_` + base64. Shown once, at creation. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

function sign(secret: string, id: string, timestamp: string, body: string): string {
  return createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** The three headers of one delivery try. */
export function webhookHeaders(
  secret: string,
  id: string,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = String(nowSeconds);
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${sign(secret, id, timestamp, body)}`,
  };
}

export type WebhookVerification =
  { ok: true; id: string; timestamp: number } | { ok: false; reason: string };

/**
 * What a receiver runs on each request, with the raw body exactly as received (before any JSON
 * parsing) and the headers (names in lower case, as Node gives them). Refuses a missing
 * header, a timestamp more than 5 minutes from the receiver's clock (a replay), and a
 * signature that does not match (a changed body, id or timestamp, or another secret).
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string | Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): WebhookVerification {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures)
    return {
      ok: false,
      reason: 'webhook-id, webhook-timestamp and webhook-signature are required',
    };
  if (!/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'webhook-timestamp is not Unix seconds' };
  const at = Number(timestamp);
  if (Math.abs(nowSeconds - at) > toleranceSeconds)
    return { ok: false, reason: 'webhook-timestamp is outside the tolerance (a replay?)' };
  const expected = Buffer.from(
    sign(secret, id, timestamp, Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody),
    'base64',
  );
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected))
      return { ok: true, id, timestamp: at };
  }
  return { ok: false, reason: 'no signature matches' };
}
