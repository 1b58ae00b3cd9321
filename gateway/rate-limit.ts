import type { RequestHandler } from 'express';
import { Problem } from './problem.js';

/**
 * Per-caller rate limiting (token bucket): each authenticated subject may make `perMinute`
 * requests a minute, in bursts up to that number. Over the limit: 429 with Retry-After.
 * Per process; behind several gateway processes the effective limit is per process.
 */
export function rateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  let lastPrune = now();
  return (_req, res, next) => {
    const key = (res.locals.principal as { subject?: string } | undefined)?.subject ?? 'anonymous';
    const t = now();
    if (t - lastPrune > 60_000) {
      // Full buckets carry no information: forget them.
      for (const [k, b] of buckets)
        if (b.tokens + (t - b.at) * refillPerMs >= perMinute) buckets.delete(k);
      lastPrune = t;
    }
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const waitSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
      return next(
        new Problem(
          429,
          'rate-limited',
          'Too many requests',
          `More than ${perMinute} requests a minute; retry after ${waitSeconds} s`,
          undefined,
          { 'retry-after': String(waitSeconds) },
        ),
      );
    }
    bucket.tokens -= 1;
    next();
  };
}
