/**
 * Our components log JSON lines (common/logger.ts), which files and log shippers want. A person
 * at a terminal wants one short line per event, marked with the component it came from:
 *
 *   10:41:07 gateway    | case started processInstanceKey=0f626cf4-ecaa-11f1-adbf-02fc00000001
 *   10:41:08 gateway    | POST /api/v1/procedures/ba-approval/cases 201 48ms
 *
 * `npm start` (stack/cli.ts run) and `npm run logs` (scripts/logs.ts) print them this way.
 */

export interface LogEntry {
  level: string;
  message: string;
  /** The line as it came, when it was not one of our JSON lines. */
  raw?: string;
  fields: Record<string, unknown>;
  timestamp?: string;
}

/** Keys every line has, which the short form shows in its own place or not at all. */
const HIDDEN = new Set(['level', 'message', 'component', 'timestamp', 'requestId']);

export function parseLine(line: string): LogEntry {
  if (line.startsWith('{')) {
    try {
      const json = JSON.parse(line) as Record<string, unknown>;
      if (typeof json.message === 'string' && typeof json.level === 'string')
        return {
          level: json.level,
          message: json.message,
          fields: json,
          ...(typeof json.timestamp === 'string' ? { timestamp: json.timestamp } : {}),
        };
    } catch {
      // not JSON after all: shown as it is
    }
  }
  return { level: 'info', message: line, raw: line, fields: {} };
}

/** An HTTP access line of the gateway (many per page view). */
export function isAccessLine(e: LogEntry): boolean {
  return e.raw === undefined && e.message === 'request' && 'status' in e.fields;
}

const COLOURS = [36, 35, 34, 32, 33, 96, 95, 94];
const componentColour = new Map<string, number>();

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = (text ?? String(value)).replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
}

export interface FormatOptions {
  /** ANSI colours (a terminal). */
  colour: boolean;
  /** Width of the component column. */
  width: number;
  /** Longest line; longer ones end in …. */
  maxLength: number;
}

export function formatEntry(component: string, e: LogEntry, o: FormatOptions): string {
  const time = (e.timestamp ? new Date(e.timestamp) : new Date()).toTimeString().slice(0, 8);
  let text: string;
  if (e.raw !== undefined) text = e.raw;
  else if (isAccessLine(e)) {
    const f = e.fields;
    text = `${String(f.method)} ${String(f.path)} ${String(f.status)} ${String(f.ms)}ms`;
  } else {
    const extra = Object.entries(e.fields)
      .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined && v !== null)
      .map(([k, v]) => `${k}=${short(v)}`);
    text = [e.level === 'info' ? '' : `${e.level.toUpperCase()}:`, e.message, ...extra]
      .filter(Boolean)
      .join(' ');
  }
  const name = component.padEnd(o.width);
  let line = `${time} ${name} | ${text}`;
  if (line.length > o.maxLength) line = `${line.slice(0, o.maxLength - 1)}…`;
  if (!o.colour) return line;
  if (!componentColour.has(component))
    componentColour.set(component, COLOURS[componentColour.size % COLOURS.length]!);
  const head = `\x1b[2m${time}\x1b[0m \x1b[${componentColour.get(component)}m${name}\x1b[0m | `;
  const body = line.slice(time.length + name.length + 4);
  const level = e.level === 'error' ? '\x1b[31m' : e.level === 'warn' ? '\x1b[33m' : '';
  return level ? `${head}${level}${body}\x1b[0m` : `${head}${body}`;
}

/** Splits a stream's chunks into whole lines. */
export function lineSplitter(onLine: (line: string) => void): (chunk: Buffer | string) => void {
  let rest = '';
  return (chunk) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line.replace(/\r$/, ''));
  };
}

export function terminalOptions(stream: NodeJS.WriteStream, width: number): FormatOptions {
  return {
    colour: stream.isTTY === true && !process.env.NO_COLOR,
    width,
    maxLength: stream.isTTY && stream.columns ? Math.max(stream.columns, 80) : 200,
  };
}
