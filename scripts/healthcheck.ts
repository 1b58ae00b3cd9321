/**
 * The images' health check (Dockerfile HEALTHCHECK, docker-compose.yml `healthcheck`):
 * `node dist/scripts/healthcheck.js [url]` exits 0 when the URL answers 2xx within 4 s.
 * Without an argument: HEALTHCHECK_URL, else the gateway's liveness endpoint on GATEWAY_PORT.
 * The workers and the projector answer `/health` on their metrics port.
 */
const url =
  process.argv[2] ??
  process.env.HEALTHCHECK_URL ??
  `http://127.0.0.1:${process.env.GATEWAY_PORT ?? '3000'}/health`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
