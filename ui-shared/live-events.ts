/**
 * The caller's events as they happen (`GET /api/v1/events`, Server-Sent Events), read with
 * fetch() and a ReadableStream so the bearer token goes in the header, never in a URL. The
 * stream resumes after the last event seen when it breaks (Last-Event-ID), after the delay
 * the server asks for (`retry:`). `stop()` ends it.
 */
export interface LiveEvent {
  id: string;
  type: string;
  data: { subject?: string; type?: string; [k: string]: unknown };
}

export function liveEvents(
  token: () => string | null,
  onEvent: (e: LiveEvent) => void,
): { stop(): void } {
  const abort = new AbortController();
  let lastId: string | undefined;
  let retryMs = 2000;

  const dispatch = (block: string) => {
    let id: string | undefined;
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
    }
    if (id !== undefined) lastId = id;
    if (data.length === 0) return;
    try {
      onEvent({ id: id ?? '', type, data: JSON.parse(data.join('\n')) as LiveEvent['data'] });
    } catch {
      // Not JSON: not an event of ours.
    }
  };

  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const t = token();
        if (!t) return;
        const res = await fetch('/api/v1/events', {
          headers: {
            authorization: `Bearer ${t}`,
            accept: 'text/event-stream',
            ...(lastId ? { 'last-event-id': lastId } : {}),
          },
          signal: abort.signal,
        });
        if (res.status === 401 || res.status === 403) return;
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  void run();
  return { stop: () => abort.abort() };
}
