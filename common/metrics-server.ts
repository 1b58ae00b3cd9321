import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * A process's Prometheus endpoint (`GET /metrics`) and liveness (`GET /health`, the image's
 * health check) for the components without an HTTP API
 * of their own (workers, projector). Port 0 or unset: no endpoint (in-process tests read the
 * registry directly).
 */
export async function serveMetrics(
  registry: Registry,
  port: number,
  /** `METRICS_HOST` of the component's configuration. */
  host: string,
): Promise<Server | null> {
  if (!port) return null;
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
