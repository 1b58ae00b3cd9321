import { expect } from 'chai';
import {
  authorityName,
  foldHistory,
  formatDay,
  formatDayRange,
  formatMoney,
  formatValue,
} from '../../ui-shared/format.js';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { EventStream, parseBlock, type StreamEvent } from '../../ui-shared/event-stream.js';

/** The web apps' shared formatting and the event stream's parsing (issue 18). */
describe('ui-shared: values as people read them', () => {
  it('days, ranges that never repeat a day, money and authority names in both languages', () => {
    expect(formatDay('2026-12-14T10:00:00Z', 'en')).to.equal('14 Dec 2026');
    expect(formatDay('2026-12-14T10:00:00Z', 'de')).to.equal('14. Dez. 2026');
    expect(formatDayRange('2026-11-30T08:00:00Z', '2026-11-30T17:00:00Z', 'en')).to.equal(
      '30 Nov 2026',
    );
    expect(formatDayRange('2026-11-30T08:00:00Z', '2026-12-14T08:00:00Z', 'de')).to.equal(
      '30. Nov. 2026 – 14. Dez. 2026',
    );
    expect(formatMoney(56000, 'en')).to.equal('€56,000');
    expect(formatMoney(56000, 'de')).to.match(/^56\.000\s€$/);
    expect(authorityName('BA', 'en')).to.equal('Federal Employment Agency');
    expect(authorityName('BA', 'de')).to.equal('Bundesagentur für Arbeit');
    expect(authorityName('XY', 'en')).to.equal('XY');
    expect(formatValue('grossAnnualSalaryEur', 56000, 'en')).to.equal('€56,000');
    expect(formatValue('dateOfBirth', '1994-03-12', 'de')).to.equal('12. März 1994');
    expect(formatValue('accelerated', true, 'de')).to.equal('ja');
    expect(formatValue('authority', 'BVA', 'en')).to.equal('Federal Office of Administration');
  });

  it('folds a history to each step once with its outcome; a step run again shows again', () => {
    const rows = [
      { at: '1', elementId: 'A', label: 'a', event: 'started' as const },
      { at: '2', elementId: 'A', label: 'a', event: 'completed' as const },
      { at: '3', elementId: 'B', label: 'b', event: 'started' as const },
      { at: '4', elementId: 'B', label: 'b', event: 'cancelled' as const },
      { at: '5', elementId: 'A', label: 'a', event: 'started' as const },
    ];
    expect(foldHistory(rows).map((r) => `${r.elementId}@${r.at}:${r.event}`)).to.deep.equal([
      'A@1:completed',
      'B@3:cancelled',
      'A@5:started',
    ]);
  });

  it('reads a Server-Sent Events block: id, event, retry and multi-line data; comments ignored', () => {
    const f = parseBlock(': heartbeat\nid: 42\nevent: de.wsa.task.created\ndata: {"a":\ndata: 1}');
    expect(f.get('id')).to.equal('42');
    expect(f.get('event')).to.equal('de.wsa.task.created');
    expect(JSON.parse(f.get('data')!)).to.deep.equal({ a: 1 });
    expect(parseBlock('retry: 2000').get('retry')).to.equal('2000');
  });

  it('the event stream sends the token, and after a dropped connection resumes with Last-Event-ID', async () => {
    const seen: { authorization?: string; lastEventId?: string }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({
        authorization: req.headers.authorization,
        lastEventId: req.headers['last-event-id'] as string | undefined,
      });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const n = seen.length;
      // Each connection gives one event and drops (as a proxy or a restart would).
      res.end(
        `retry: 20\n\n: heartbeat\n\nid: ${n * 10}\nevent: de.wsa.task.created\ndata: {"n":${n}}\n\n`,
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const events: StreamEvent[] = [];
    let opened = 0;
    const stream = new EventStream({
      token: () => 'the-token',
      path: `http://127.0.0.1:${port}/api/v1/events`,
      onOpen: () => opened++,
      onEvent: (e) => events.push(e),
    }).start();
    try {
      for (let i = 0; i < 100 && events.length < 3; i++)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      stream.stop();
      server.close();
    }
    expect(events.slice(0, 3).map((e) => [e.id, e.type, e.data.n])).to.deep.equal([
      ['10', 'de.wsa.task.created', 1],
      ['20', 'de.wsa.task.created', 2],
      ['30', 'de.wsa.task.created', 3],
    ]);
    expect(seen[0]).to.deep.equal({ authorization: 'Bearer the-token', lastEventId: undefined });
    expect(seen[1]!.lastEventId).to.equal('10');
    expect(seen[2]!.lastEventId).to.equal('20');
    expect(opened).to.be.greaterThanOrEqual(3);
  });
});
