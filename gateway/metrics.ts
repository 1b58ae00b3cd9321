import type { RequestHandler } from 'express';
import client from 'prom-client';

/**
 * Prometheus metrics of the gateway at /metrics: requests by operation and status, their
 * duration, response contract violations, audit write failures, and the process defaults.
 */
export class GatewayMetrics {
  readonly registry = new client.Registry();
  private readonly requests = new client.Counter({
    name: 'wsa_gateway_requests_total',
    help: 'API requests by operation and status code',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new client.Histogram({
    name: 'wsa_gateway_request_duration_seconds',
    help: 'API request duration by operation',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly auditWriteFailures = new client.Counter({
    name: 'wsa_gateway_audit_write_failures_total',
    help: 'Audit entries that could not be written',
    registers: [this.registry],
  });

  constructor(responseViolations: () => number) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'wsa_gateway_' });
    new client.Gauge({
      name: 'wsa_gateway_response_contract_violations',
      help: 'Responses that did not match the OpenAPI document since start',
      registers: [this.registry],
      collect() {
        this.set(responseViolations());
      },
    });
  }

  /** Counts and times every request once its answer is sent. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.duration.startTimer();
      res.on('finish', () => {
        // Unknown paths are one label, so random URLs cannot blow up the series.
        const operation = String(res.locals.operationId ?? 'other');
        this.requests.inc({ operation, status: String(res.statusCode) });
        end({ operation });
      });
      next();
    };
  }

  handler(): RequestHandler {
    return async (_req, res) => {
      res.set('content-type', this.registry.contentType).send(await this.registry.metrics());
    };
  }
}
