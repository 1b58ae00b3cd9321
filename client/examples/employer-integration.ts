import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, wsaClient, type StartBody } from '../index.js';

/**
 * An employer's integration, end to end, as a partner's developer would write it against the
 * platform (and as the test suite runs it against the real stack):
 *   1. receive webhooks: an HTTP endpoint that verifies each delivery's signature and
 *      deduplicates by the event id (deliveries are at-least-once);
 *   2. subscribe it to the events of the BA approval procedure;
 *   3. start a case for a future employee (with an idempotency key kept for retries);
 *   4. when the BA asks for more information (a `document-requested` event for the case),
 *      answer it with the employer's information;
 *   5. finish when the decision arrives.
 * No polling: the platform says when something is to do.
 */
export interface EmployerIntegrationOptions {
  baseUrl: string;
  token: () => string | Promise<string>;
  /** The start data of the BA approval (the employer's job offer for the person). */
  application: StartBody<'ba-approval'>;
  /** What the employer answers when the BA asks (one answer per question). */
  answer: (questions: string[]) => string[];
  /** Where the platform can reach this receiver (the host part; the port is chosen). */
  receiverHost?: string;
  /** Called once the case exists (a test drives the BA simulator from here). */
  onStarted?: (caseId: string) => void;
  timeoutMs?: number;
}

export interface CaseEvent {
  id: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

export interface EmployerIntegrationResult {
  caseId: string;
  outcome: unknown;
  /** Every event received, once each (duplicates dropped by id). */
  events: CaseEvent[];
  duplicatesDropped: number;
  refusedDeliveries: number;
}

export async function employerIntegration(
  options: EmployerIntegrationOptions,
): Promise<EmployerIntegrationResult> {
  const wsa = wsaClient({ baseUrl: options.baseUrl, token: options.token });
  const seen = new Map<string, CaseEvent>();
  let duplicatesDropped = 0;
  let refusedDeliveries = 0;
  let secret = '';
  const waiters: (() => void)[] = [];

  // 1. The receiver: verify, deduplicate, answer 2xx fast, work afterwards.
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const check = verifyWebhook(secret, req.headers, raw);
      if (!check.ok) {
        refusedDeliveries++;
        res.writeHead(401).end();
        return;
      }
      const event = JSON.parse(raw.toString('utf8')) as CaseEvent;
      if (seen.has(event.id)) duplicatesDropped++;
      else seen.set(event.id, event);
      res.writeHead(204).end();
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, options.receiverHost ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const nextEvent = async (match: (e: CaseEvent) => boolean): Promise<CaseEvent> => {
    for (;;) {
      const found = [...seen.values()].find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting for an event');
      await new Promise<void>((wake) => {
        waiters.push(wake);
        setTimeout(wake, 1000);
      });
    }
  };

  let webhookId: string | undefined;
  try {
    // 2. Subscribe (the secret is shown only now).
    const { data: webhook, error } = await wsa.api.POST('/api/v1/webhooks', {
      body: {
        url: `http://${options.receiverHost ?? '127.0.0.1'}:${port}/wsa-events`,
        procedures: ['ba-approval'],
      },
    });
    if (!webhook) throw new Error(`subscription refused: ${JSON.stringify(error)}`);
    secret = webhook.secret;
    webhookId = webhook.webhookId;

    // 3. Start the case.
    const { caseId } = await wsa.startCase('ba-approval', options.application);
    options.onStarted?.(caseId);

    // 4. The BA asks: answer it.
    // An event names the variable that changed and its value (as far as the caller may see it).
    const asked = await nextEvent(
      (e) =>
        e.subject === caseId &&
        e.type === 'de.wsa.case.document-requested' &&
        e.data.variable === 'baInformationRequest',
    );
    const { questions } = asked.data.value as { questions: string[] };
    await wsa.sendMessage(caseId, 'employer-information-response', {
      answers: options.answer(questions),
    });

    // 5. The decision.
    const decided = await nextEvent(
      (e) =>
        e.subject === caseId &&
        e.type === 'de.wsa.case.decision' &&
        e.data.variable === 'zustimmungOutcome',
    );
    return {
      caseId,
      outcome: decided.data.value,
      events: [...seen.values()],
      duplicatesDropped,
      refusedDeliveries,
    };
  } finally {
    // The receiver goes away with this run: so does its subscription.
    if (webhookId)
      await wsa.api.DELETE('/api/v1/webhooks/{webhookId}', {
        params: { path: { webhookId } },
      });
    await new Promise((resolve) => server.close(resolve));
  }
}
