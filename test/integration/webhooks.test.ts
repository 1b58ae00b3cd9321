import { expect } from 'chai';
import request from 'supertest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import {
  APPLICANT,
  BA_PARTNER,
  EMPLOYER,
  OTHER_EMPLOYER,
  newKey,
  zustimmungApplication,
} from '../support/fixtures.js';
import { WebhookDispatcher } from '../../gateway/events/dispatcher.js';
import { verifyWebhook } from '../../gateway/events/signature.js';
import { CasesStore } from '../../gateway/data/cases-store.js';
import { ProjectionReader } from '../../gateway/data/projection-reader.js';
import { loadProcedures } from '../../processes/registry.js';
import { createLogger } from '../../common/logger.js';
import type { Principal } from '../../gateway/auth.js';

/**
 * Webhooks end to end: real engine, projector, PostgreSQL, dispatcher and a real HTTP
 * receiver in this process that refuses, fails, then answers. Every event arrives (each id at
 * least once), signed; a changed body or an old timestamp fails verification; the last try
 * parks a delivery as dead and a redelivery sends it; a dispatcher restarted mid-way loses
 * nothing; nobody receives a case it may not see, nor fields its role may not read.
 */
type Mode = 'reset' | 'fail' | 'ok';
interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
interface Delivery {
  deliveryId: string;
  eventId: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  event: { id: string; type: string; subject: string; data: Record<string, unknown> };
}

const AGENT: Principal = { subject: 'agent-events-granted', role: 'agent' };
const OTHER_AGENT: Principal = { subject: 'agent-events-stranger', role: 'agent' };
const OPTIONS = {
  pollMs: 50,
  retryBaseMs: 200,
  retryMaxMs: 1000,
  maxAttempts: 6,
  timeoutMs: 2000,
  batchSize: 20,
};

describe('webhooks: signed, retried, dead-lettered, minimised', function () {
  this.timeout(300_000);
  let h: Harness;
  let server: Server;
  let receiverUrl: string;
  const modes = new Map<string, Mode>();
  const received: Received[] = [];
  let dispatcher: WebhookDispatcher;
  const newDispatcher = () =>
    new WebhookDispatcher(
      h.pool,
      {
        cases: new CasesStore(h.pool),
        procedures: loadProcedures(),
        projection: new ProjectionReader(h.pool),
      },
      createLogger('webhooks-test'),
      OPTIONS,
    );

  before(async () => {
    h = await getHarness();
    server = createServer((req, res) => {
      const mode = modes.get(req.url ?? '') ?? 'ok';
      if (mode === 'reset') return void req.socket.destroy();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (mode === 'fail') return void res.writeHead(500).end('down');
        received.push({
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dispatcher = newDispatcher();
    dispatcher.start();
  });

  after(async () => {
    await dispatcher?.stop();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  const token = (p: Principal) => h.token(p);
  async function subscribe(p: Principal, path: string, body: object = {}) {
    const res = await request(h.gatewayUrl)
      .post('/api/v1/webhooks')
      .set('authorization', `Bearer ${await token(p)}`)
      .send({ url: `${receiverUrl}${path}`, ...body });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.secret).to.match(/^whsec_/);
    return res.body as { webhookId: string; secret: string };
  }
  async function deliveries(p: Principal, webhookId: string, caseId: string, state?: string) {
    const res = await request(h.gatewayUrl)
      .get(`/api/v1/webhooks/${webhookId}/deliveries`)
      .query(state ? { state, limit: '500' } : { limit: '500' })
      .set('authorization', `Bearer ${await token(p)}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return (res.body.deliveries as Delivery[]).filter((d) => d.event.subject === caseId);
  }
  const receivedAt = (path: string, caseId: string) =>
    received.filter(
      (r) => r.path === path && (JSON.parse(r.body) as { subject: string }).subject === caseId,
    );

  it('delivers every event of a case to a receiver that was down, signed, and only what each subscriber may see', async () => {
    modes.set('/employer', 'reset');
    const employerHook = await subscribe(EMPLOYER, '/employer', { procedures: ['ba-approval'] });
    const otherOrgHook = await subscribe(OTHER_EMPLOYER, '/other-org');
    const agentHook = await subscribe(AGENT, '/agent');
    const strangerHook = await subscribe(OTHER_AGENT, '/stranger');
    // Not in the answer after creation: the secret is shown once.
    const listed = await request(h.gatewayUrl)
      .get(`/api/v1/webhooks/${employerHook.webhookId}`)
      .set('authorization', `Bearer ${await token(EMPLOYER)}`);
    expect(listed.status).to.equal(200);
    expect(listed.body).to.not.have.property('secret');
    // Another organisation does not see the subscription.
    const foreign = await request(h.gatewayUrl)
      .get(`/api/v1/webhooks/${employerHook.webhookId}/deliveries`)
      .set('authorization', `Bearer ${await token(OTHER_EMPLOYER)}`);
    expect(foreign.status).to.equal(404);

    const started = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${await token(EMPLOYER)}`)
      .set('idempotency-key', newKey())
      .send(zustimmungApplication());
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const caseId = started.body.caseId as string;
    const granted = await request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/grants`)
      .set('authorization', `Bearer ${await token(APPLICANT)}`)
      .send({ role: 'agent', grantee: AGENT.subject });
    expect(granted.status, JSON.stringify(granted.body)).to.equal(201);

    // The receiver refuses (connection reset): tries are counted and retried.
    await eventually(
      async () =>
        (await deliveries(EMPLOYER, employerHook.webhookId, caseId)).some(
          (d) => d.attempts >= 2 && d.state === 'pending' && d.lastError !== null,
        ) || undefined,
      'failed tries while the receiver refuses',
      90_000,
    );
    // The dispatcher restarts while deliveries are pending: its state is in PostgreSQL.
    await dispatcher.stop();
    dispatcher = newDispatcher();
    dispatcher.start();
    // Then it answers 500.
    modes.set('/employer', 'fail');
    await eventually(
      async () =>
        (await deliveries(EMPLOYER, employerHook.webhookId, caseId)).some(
          (d) => d.lastStatus === 500 && d.state === 'pending',
        ) || undefined,
      'a 500 answer recorded',
      90_000,
    );
    // The BA decides; the receiver is back.
    const decided = await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
        .set('authorization', `Bearer ${await token(BA_PARTNER)}`)
        .set('idempotency-key', newKey())
        .send({ outcome: 'APPROVED', baReference: `BA-AZ-${Date.now()}` });
      return res.status < 300 ? res : undefined;
    }, 'the BA decision accepted');
    expect(decided.status).to.be.lessThan(300);
    modes.set('/employer', 'ok');

    const all = await eventually(
      async () => {
        const ds = await deliveries(EMPLOYER, employerHook.webhookId, caseId);
        const types = ds.map((d) => d.event.type);
        return types.includes('de.wsa.case.ended') && ds.every((d) => d.state === 'delivered')
          ? ds
          : undefined;
      },
      'every delivery of the case delivered',
      90_000,
    );
    const types = new Set(all.map((d) => d.event.type));
    for (const t of ['case.started', 'case.deadline-set', 'case.decision', 'case.ended'])
      expect(types, [...types].join()).to.include(`de.wsa.${t}`);
    expect(
      all.some((d) => d.attempts >= 3),
      'some deliveries needed several tries',
    ).to.equal(true);

    // Every delivered event arrived (at least once), and each arrival verifies.
    const arrivals = receivedAt('/employer', caseId);
    const arrivedIds = new Set(arrivals.map((r) => r.headers['webhook-id']));
    for (const d of all) expect(arrivedIds, `event ${d.eventId}`).to.include(d.eventId);
    for (const r of arrivals) {
      const check = verifyWebhook(employerHook.secret, r.headers, r.body);
      expect(check.ok, JSON.stringify(check)).to.equal(true);
      expect((JSON.parse(r.body) as { id: string }).id).to.equal(r.headers['webhook-id']);
      expect(r.headers['content-type']).to.equal('application/cloudevents+json');
    }
    // A changed body, an old timestamp (a replay), another secret: refused.
    const one = arrivals[0]!;
    const ts = Number(one.headers['webhook-timestamp']);
    const refused = (check: ReturnType<typeof verifyWebhook>) => expect(check.ok).to.equal(false);
    refused(verifyWebhook(employerHook.secret, one.headers, one.body.replace('1.0', '1.1')));
    refused(verifyWebhook(employerHook.secret, one.headers, one.body, ts + 301));
    refused(verifyWebhook(otherOrgHook.secret, one.headers, one.body));
    refused(
      verifyWebhook(
        employerHook.secret,
        { ...one.headers, 'webhook-id': String(Number(one.headers['webhook-id']) + 1) },
        one.body,
      ),
    );
    // The same request within the tolerance verifies (so the refusals above are the changes').
    expect(verifyWebhook(employerHook.secret, one.headers, one.body, ts + 299).ok).to.equal(true);

    // The employer sees no caseworker tasks and is not told the case waits for the BA's message.
    for (const d of all) {
      expect(d.event.type).to.not.match(/^de\.wsa\.task\./);
      if (d.event.type === 'de.wsa.case.waiting-for-you')
        expect(d.event.data.messageName).to.not.equal('ba-zustimmung-decision');
      if (d.event.type === 'de.wsa.case.decision')
        expect(['zustimmungOutcome']).to.include(d.event.data.variable);
    }
    // The case's events reached the granted agent, not another organisation or agent.
    const agentDeliveries = await eventually(async () => {
      const ds = await deliveries(AGENT, agentHook.webhookId, caseId);
      return ds.some((d) => d.event.type === 'de.wsa.case.ended') ? ds : undefined;
    }, "the granted agent's deliveries");
    expect(agentDeliveries.map((d) => d.event.type)).to.include('de.wsa.case.decision');
    expect(await deliveries(OTHER_EMPLOYER, otherOrgHook.webhookId, caseId)).to.deep.equal([]);
    expect(await deliveries(OTHER_AGENT, strangerHook.webhookId, caseId)).to.deep.equal([]);
    expect(receivedAt('/other-org', caseId)).to.deep.equal([]);
    expect(receivedAt('/stranger', caseId)).to.deep.equal([]);
  });

  it('parks a delivery as dead after the last try, and redelivers it on request', async () => {
    const started = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${await token(EMPLOYER)}`)
      .set('idempotency-key', newKey())
      .send(zustimmungApplication());
    expect(started.status).to.equal(201);
    const caseId = started.body.caseId as string;
    modes.set('/dead', 'fail');
    const hook = await subscribe(EMPLOYER, '/dead', {
      caseIds: [caseId],
      eventTypes: ['de.wsa.case.decision', 'de.wsa.case.ended'],
    });
    await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
        .set('authorization', `Bearer ${await token(BA_PARTNER)}`)
        .set('idempotency-key', newKey())
        .send({ outcome: 'APPROVED', baReference: `BA-AZ-${Date.now()}` });
      return res.status < 300 ? res : undefined;
    }, 'the BA decision accepted');

    const dead = await eventually(
      async () => {
        const ds = await deliveries(EMPLOYER, hook.webhookId, caseId, 'dead');
        return ds.length === 2 ? ds : undefined;
      },
      'both deliveries dead',
      60_000,
    );
    for (const d of dead) {
      expect(d.attempts).to.equal(OPTIONS.maxAttempts);
      expect(d.lastStatus).to.equal(500);
      expect(['de.wsa.case.decision', 'de.wsa.case.ended']).to.include(d.event.type);
    }
    expect(receivedAt('/dead', caseId)).to.deep.equal([]);

    modes.set('/dead', 'ok');
    const target = dead[0]!;
    const res = await request(h.gatewayUrl)
      .post(`/api/v1/webhooks/${hook.webhookId}/deliveries/${target.deliveryId}/redeliver`)
      .set('authorization', `Bearer ${await token(EMPLOYER)}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.state).to.equal('pending');
    await eventually(
      async () =>
        receivedAt('/dead', caseId).some((r) => r.headers['webhook-id'] === target.eventId) ||
        undefined,
      'the redelivered event received',
    );
    const after = await deliveries(EMPLOYER, hook.webhookId, caseId);
    expect(after.find((d) => d.deliveryId === target.deliveryId)!.state).to.equal('delivered');
    expect(after.find((d) => d.deliveryId !== target.deliveryId)!.state).to.equal('dead');

    // Bad input names the field; a stranger's redelivery is a 404.
    const bad = await request(h.gatewayUrl)
      .post('/api/v1/webhooks')
      .set('authorization', `Bearer ${await token(EMPLOYER)}`)
      .send({ url: 'ftp://example.invalid/x', procedures: ['no-such-procedure'] });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.include.members([
      '/url',
      '/procedures/0',
    ]);
    // Outside local stacks, the platform's own network is no receiver.
    const allowed = h.gatewayEvents.allowPrivateWebhookUrls;
    h.gatewayEvents.allowPrivateWebhookUrls = false;
    try {
      const internal = await request(h.gatewayUrl)
        .post('/api/v1/webhooks')
        .set('authorization', `Bearer ${await token(EMPLOYER)}`)
        .send({ url: 'http://169.254.169.254/latest/meta-data' });
      expect(internal.status).to.equal(400);
      expect(internal.body.errors[0].field).to.equal('/url');
    } finally {
      h.gatewayEvents.allowPrivateWebhookUrls = allowed;
    }
    const stranger = await request(h.gatewayUrl)
      .post(`/api/v1/webhooks/${hook.webhookId}/deliveries/${target.deliveryId}/redeliver`)
      .set('authorization', `Bearer ${await token(OTHER_EMPLOYER)}`);
    expect(stranger.status).to.equal(404);
    // The owner changes the address and filters; the secret and the log stay.
    const changed = await request(h.gatewayUrl)
      .put(`/api/v1/webhooks/${hook.webhookId}`)
      .set('authorization', `Bearer ${await token(EMPLOYER)}`)
      .send({ url: `${receiverUrl}/moved`, eventTypes: ['de.wsa.case.ended'] });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    expect(changed.body).to.deep.include({
      url: `${receiverUrl}/moved`,
      eventTypes: ['de.wsa.case.ended'],
      caseIds: [],
    });
    expect(changed.body).to.not.have.property('secret');
    expect(await deliveries(EMPLOYER, hook.webhookId, caseId)).to.have.length(2);
    const foreignChange = await request(h.gatewayUrl)
      .put(`/api/v1/webhooks/${hook.webhookId}`)
      .set('authorization', `Bearer ${await token(OTHER_EMPLOYER)}`)
      .send({ url: `${receiverUrl}/stolen` });
    expect(foreignChange.status).to.equal(404);
    const applicant = await request(h.gatewayUrl)
      .post('/api/v1/webhooks')
      .set('authorization', `Bearer ${await token(APPLICANT)}`)
      .send({ url: `${receiverUrl}/x` });
    expect(applicant.status).to.equal(403);
  });
});
