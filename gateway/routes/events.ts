import { Router, type Response } from 'express';
import { principalOf } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import { EventVisibility } from '../events/visibility.js';

const EVENT_ID = /^(0|[1-9][0-9]{0,17})$/;

/**
 * GET /api/v1/events: the caller's events as Server-Sent Events (`text/event-stream`), each
 * `id:` the event id, `event:` its type, `data:` the CloudEvent minimised for the caller
 * (`../events/visibility.ts`). `Last-Event-ID` (header, or `lastEventId` in the query for
 * clients that cannot set it on a reconnect) resumes after that event from the stored events;
 * without it the stream starts with what happens next. A comment line every
 * EVENT_STREAM_HEARTBEAT_MS keeps proxies from closing a quiet stream. Authenticated by the
 * bearer token like every endpoint: browsers read it with fetch() and a ReadableStream, not
 * EventSource (which cannot send the header; no token in URLs). A slow reader is waited for
 * ('drain') before more is read from the store, so memory stays bounded.
 */
export function eventsRouter(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/events', async (req, res) => {
    const principal = principalOf(res.locals);
    const given = req.get('last-event-id') ?? (req.query.lastEventId as string | undefined);
    if (given !== undefined && !EVENT_ID.test(given))
      throw Problem.badRequest('Last-Event-ID must be an event id', [
        {
          field:
            req.get('last-event-id') !== undefined ? 'header:Last-Event-ID' : 'query:lastEventId',
          reason: 'must be a non-negative integer',
        },
      ]);
    let cursor = given ?? (await deps.caseEvents.last());
    let closed = false;
    // The gateway's stop ends open streams (a stream never ends by itself; `server.close` would
    // wait for it): `closeEventStreams(app)`.
    const streams = openStreams(req.app.locals);
    const end = () => {
      closed = true;
      res.end();
    };
    streams.add(end);
    req.on('close', () => {
      closed = true;
      streams.delete(end);
    });
    res.status(200);
    res.set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    let lastWrite = Date.now();
    await write(res, 'retry: 2000\n\n');
    while (!closed) {
      try {
        const events = await deps.caseEvents.after(cursor, 100);
        const visibility = new EventVisibility(deps);
        for (const e of events) {
          if (closed) break;
          const ce = await visibility.eventFor(principal, e);
          cursor = e.id;
          if (!ce) continue;
          await write(res, `id: ${e.id}\nevent: ${ce.type}\ndata: ${JSON.stringify(ce)}\n\n`);
          lastWrite = Date.now();
        }
        if (events.length > 0) continue;
      } catch (err) {
        deps.log.warn('event stream read failed', { error: (err as Error).message });
      }
      if (Date.now() - lastWrite >= deps.events.streamHeartbeatMs) {
        await write(res, ': heartbeat\n\n');
        lastWrite = Date.now();
      }
      await new Promise((r) => setTimeout(r, deps.events.streamPollMs));
    }
    streams.delete(end);
    if (!res.writableEnded) res.end();
  });
  return router;
}

function openStreams(locals: Record<string, unknown>): Set<() => void> {
  return (locals.eventStreams ??= new Set<() => void>()) as Set<() => void>;
}

/** Ends every open event stream of the app (before the server closes). */
export function closeEventStreams(app: { locals: Record<string, unknown> }): void {
  for (const end of openStreams(app.locals)) end();
}

/** Writes, and waits for the socket to drain when its buffer is full (or for it to close). */
function write(res: Response, chunk: string): Promise<void> {
  if (res.writableEnded || res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
