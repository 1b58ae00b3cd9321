import { expect } from 'chai';
import request from 'supertest';
import { getHarness, eventually, type Harness } from '../support/harness.js';
import {
  BA_PARTNER,
  EMPLOYER,
  OTHER_EMPLOYER,
  newKey,
  zustimmungApplication,
} from '../support/fixtures.js';
import type { Principal } from '../../gateway/auth.js';
import { startServer } from '../../gateway/server.js';

/**
 * GET /api/v1/events read by a real HTTP client (fetch, as a browser app would: the token in
 * the Authorization header): each caller gets the events of the cases it may see, minimised for
 * its role; `Last-Event-ID` resumes from the stored events; quiet streams get heartbeats.
 */
interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}
interface Ce {
  id: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

class Stream {
  readonly messages: SseMessage[] = [];
  private readonly abort = new AbortController();
  private buffer = '';
  done: Promise<void> = Promise.resolve();

  static async open(url: string, token: string, lastEventId?: string): Promise<Stream> {
    const s = new Stream();
    const res = await fetch(`${url}/api/v1/events`, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
      signal: s.abort.signal,
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
    s.done = s.read(res.body!.getReader());
    return s;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const m: SseMessage = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) m.comment = line.slice(1).trim();
            else {
              const at = line.indexOf(':');
              const field = line.slice(0, at);
              const value = line.slice(at + 1).replace(/^ /, '');
              if (field === 'id' || field === 'event' || field === 'data') m[field] = value;
            }
          }
          this.messages.push(m);
        }
      }
    } catch {
      // aborted
    }
  }

  events(caseId?: string): Ce[] {
    return this.messages
      .filter((m) => m.data !== undefined)
      .map((m) => JSON.parse(m.data!) as Ce)
      .filter((e) => caseId === undefined || e.subject === caseId);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

describe('event stream (SSE): minimised, resumable, with heartbeats', function () {
  this.timeout(120_000);
  let h: Harness;
  const streams: Stream[] = [];
  const open = async (p: Principal, lastEventId?: string) => {
    const s = await Stream.open(h.gatewayUrl, await h.token(p), lastEventId);
    streams.push(s);
    return s;
  };

  let heartbeatBefore = 0;
  before(async () => {
    h = await getHarness();
    heartbeatBefore = h.gatewayEvents.streamHeartbeatMs;
  });
  after(async () => {
    for (const s of streams) await s.close();
    h.gatewayEvents.streamHeartbeatMs = heartbeatBefore;
  });

  it("streams each caller's events of a case, minimised, and resumes after Last-Event-ID", async () => {
    const employer = await open(EMPLOYER);
    const ba = await open(BA_PARTNER);
    const otherOrg = await open(OTHER_EMPLOYER);
    const started = await request(h.gatewayUrl)
      .post('/api/v1/procedures/ba-approval/cases')
      .set('authorization', `Bearer ${await h.token(EMPLOYER)}`)
      .set('idempotency-key', newKey())
      .send(zustimmungApplication());
    expect(started.status).to.equal(201);
    const caseId = started.body.caseId as string;

    // The BA is told the case waits for its decision; the employer sees the case start.
    const awaited = await eventually(
      async () =>
        ba
          .events(caseId)
          .find(
            (e) =>
              e.type === 'de.wsa.case.waiting-for-you' &&
              e.data.messageName === 'ba-zustimmung-decision',
          ),
      "the BA's waiting-for-you event",
    );
    const first = await eventually(
      async () => employer.events(caseId).find((e) => e.type === 'de.wsa.case.started'),
      "the employer's case.started",
    );
    // The employer stops reading; meanwhile the BA decides.
    await employer.close();
    const seenBeforeClose = employer.events(caseId).map((e) => e.id);
    const decided = await eventually(async () => {
      const res = await request(h.gatewayUrl)
        .post(`/api/v1/cases/${caseId}/messages/ba-zustimmung-decision`)
        .set('authorization', `Bearer ${await h.token(BA_PARTNER)}`)
        .set('idempotency-key', newKey())
        .send({ outcome: 'APPROVED', baReference: `BA-AZ-${Date.now()}` });
      return res.status < 300 ? res : undefined;
    }, 'the BA decision accepted');
    expect(decided.status).to.be.lessThan(300);
    await eventually(
      async () =>
        ba.events(caseId).some((e) => e.type === 'de.wsa.case.ended') ? true : undefined,
      'the case ended (BA stream)',
    );

    // Resumed after the first event: everything after it, nothing at or before it.
    const resumed = await open(EMPLOYER, first.id);
    const afterResume = await eventually(async () => {
      const es = resumed.events(caseId);
      return es.some((e) => e.type === 'de.wsa.case.ended') ? es : undefined;
    }, 'the resumed stream reaching case.ended');
    const ids = afterResume.map((e) => BigInt(e.id));
    for (const id of ids) expect(id > BigInt(first.id)).to.equal(true);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).to.deep.equal(ids);
    // What was read before the close but after the first event comes again (at-least-once).
    for (const id of seenBeforeClose.filter((x) => BigInt(x) > BigInt(first.id)))
      expect(afterResume.map((e) => e.id)).to.include(id);
    const types = afterResume.map((e) => e.type);
    expect(types).to.include('de.wsa.case.decision');
    for (const e of afterResume) {
      expect(e.type).to.not.match(/^de\.wsa\.task\./);
      expect(e.id).to.not.equal(awaited.id);
      expect(e).to.include.keys(['specversion', 'source', 'time', 'datacontenttype']);
    }
    // Another organisation never sees the case.
    expect(otherOrg.events(caseId)).to.deep.equal([]);
  });

  it('sends heartbeats on a quiet stream and refuses a malformed Last-Event-ID or no token', async () => {
    h.gatewayEvents.streamHeartbeatMs = 200;
    const quiet = await open(OTHER_EMPLOYER, '999999999999');
    await eventually(
      async () => (quiet.messages.some((m) => m.comment === 'heartbeat') ? true : undefined),
      'a heartbeat',
    );
    const bad = await request(h.gatewayUrl)
      .get('/api/v1/events')
      .set('authorization', `Bearer ${await h.token(EMPLOYER)}`)
      .set('last-event-id', 'abc');
    expect(bad.status).to.equal(400);
    expect(bad.body.errors[0].field).to.equal('header:Last-Event-ID');
    const anonymous = await request(h.gatewayUrl).get('/api/v1/events');
    expect(anonymous.status).to.equal(401);
  });

  it('ends open streams when the gateway stops, instead of waiting for them', async () => {
    const gateway = await startServer(0);
    const stream = await Stream.open(gateway.url, await h.token(EMPLOYER));
    const stopped = await Promise.race([
      gateway.stop().then(() => 'stopped'),
      new Promise((r) => setTimeout(() => r('still waiting'), 10_000)),
    ]);
    expect(stopped).to.equal('stopped');
    await stream.done; // the server ended it: the reader sees the end
  });
});
