/**
 * The caller's live events (`GET /api/v1/events`, Server-Sent Events) read with fetch() and a
 * ReadableStream: the stream needs the bearer token, which EventSource cannot send. On a
 * dropped connection it reconnects after the server's `retry:` (2 s unless told) with
 * `Last-Event-ID`, so nothing that happened meanwhile is missed. `stop()` ends it for good.
 */
export interface StreamEvent {
  id: string;
  type: string;
  data: { subject?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

export interface EventStreamOptions {
  token: () => string | null;
  onEvent: (event: StreamEvent) => void;
  /** Called once the stream is open (again): a chance to read what may have been missed. */
  onOpen?: () => void;
  /** A 401: the token is no longer good; the stream stops. */
  onUnauthorized?: () => void;
  path?: string;
}

export class EventStream {
  private lastEventId: string | null = null;
  private retryMs = 2000;
  private controller: AbortController | null = null;
  private stopped = false;

  constructor(private readonly options: EventStreamOptions) {}

  start(): this {
    this.stopped = false;
    void this.loop();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const token = this.options.token();
      if (!token) return;
      this.controller = new AbortController();
      try {
        const res = await fetch(this.options.path ?? '/api/v1/events', {
          headers: {
            accept: 'text/event-stream',
            authorization: `Bearer ${token}`,
            ...(this.lastEventId ? { 'last-event-id': this.lastEventId } : {}),
          },
          signal: this.controller.signal,
        });
        if (res.status === 401) {
          this.stopped = true;
          this.options.onUnauthorized?.();
          return;
        }
        if (res.ok && res.body) {
          this.options.onOpen?.();
          await this.read(res.body);
        }
      } catch {
        // network gone or aborted: try again below unless stopped
      }
      if (this.stopped) return;
      await new Promise((r) => setTimeout(r, this.retryMs));
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        this.dispatch(parseBlock(block));
      }
    }
  }

  private dispatch(fields: Map<string, string>): void {
    const retry = Number(fields.get('retry'));
    if (Number.isInteger(retry) && retry > 0) this.retryMs = retry;
    const id = fields.get('id');
    if (id !== undefined) this.lastEventId = id;
    const data = fields.get('data');
    if (data === undefined) return;
    let parsed: StreamEvent['data'];
    try {
      parsed = JSON.parse(data) as StreamEvent['data'];
    } catch {
      return;
    }
    this.options.onEvent({ id: id ?? '', type: fields.get('event') ?? 'message', data: parsed });
  }
}

/** One SSE block's fields (`data:` lines joined by newlines; comment lines ignored). */
export function parseBlock(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    fields.set(
      name,
      name === 'data' && fields.has('data') ? `${fields.get('data')}\n${value}` : value,
    );
  }
  return fields;
}

/** Calls `fn` once after a burst of calls has been quiet for `ms` (many events → one reload). */
export function debounce(fn: () => void, ms = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
}
