import { expect } from 'chai';
import {
  formatEntry,
  isAccessLine,
  lineSplitter,
  parseLine,
} from '../../scripts/stack/log-view.js';

/** The short terminal form of the components' JSON log lines (`npm start`, `npm run logs`). */
describe('log view: JSON log lines in short form', () => {
  const plain = { colour: false, width: 10, maxLength: 200 };
  const at = '2026-11-30T10:46:37.000Z';
  const time = new Date(at).toTimeString().slice(0, 8);

  it('shows time, component, message and fields, without the keys every line has', () => {
    const line = JSON.stringify({
      component: 'gateway',
      level: 'info',
      message: 'case started',
      caseId: 'c-1',
      requestId: 'r-1',
      timestamp: at,
    });
    expect(formatEntry('gateway', parseLine(line), plain)).to.equal(
      `${time} gateway    | case started caseId=c-1`,
    );
  });

  it('marks warnings and errors, shortens long values and long lines', () => {
    const warn = parseLine(
      JSON.stringify({
        level: 'warn',
        message: 'job failed',
        error: 'x'.repeat(100),
        timestamp: at,
      }),
    );
    const text = formatEntry('workers', warn, plain);
    expect(text).to.contain('| WARN: job failed error=');
    expect(text).to.contain('x…');
    expect(formatEntry('workers', warn, { ...plain, maxLength: 40 })).to.have.length(40);
    expect(formatEntry('workers', warn, { ...plain, colour: true })).to.contain('\x1b[33m');
  });

  it('writes an HTTP access line as method, path, status and time', () => {
    const entry = parseLine(
      JSON.stringify({
        level: 'info',
        message: 'request',
        method: 'GET',
        path: '/ready',
        status: 200,
        ms: 3,
        timestamp: at,
      }),
    );
    expect(isAccessLine(entry)).to.equal(true);
    expect(formatEntry('gateway', entry, plain)).to.equal(
      `${time} gateway    | GET /ready 200 3ms`,
    );
  });

  it('passes other lines (a stack trace) as they are', () => {
    const entry = parseLine('Error: Called end on pool more than once');
    expect(entry.raw).to.equal('Error: Called end on pool more than once');
    expect(isAccessLine(entry)).to.equal(false);
    expect(formatEntry('gateway', entry, plain)).to.match(/\| Error: Called end on pool/);
  });

  it('splits chunks into whole lines', () => {
    const lines: string[] = [];
    const split = lineSplitter((l) => lines.push(l));
    split('{"a":1}\n{"b"');
    split(':2}\r\n\n');
    expect(lines).to.deep.equal(['{"a":1}', '{"b":2}']);
  });
});
