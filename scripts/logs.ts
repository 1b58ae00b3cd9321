import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatEntry, lineSplitter, parseLine, terminalOptions } from './stack/log-view.js';
import { getProfile } from './stack/profiles.js';

/**
 * `npm run logs [-- gateway workers …] [--profile test] [--lines 20]`: follows the JSON logs
 * of a running stack (`<data dir>/logs/<component>.log`) in the short form `npm start` prints,
 * every line (HTTP access lines too). Without names: our services and the demo data loader;
 * `postgres` and `engine` (their own text logs) when named. Ctrl-C ends it.
 */
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const profile = getProfile(option('profile') ?? 'dev');
const backlog = Number(option('lines') ?? 20);
const names =
  args.length > 0 ? args : ['simulators', 'projector', 'workers', 'gateway', 'demo-data'];
const dir = path.join(profile.dataDir, 'logs');
const options = terminalOptions(process.stdout, Math.max(...names.map((n) => n.length)));

const files = names.map((name) => ({ name, file: path.join(dir, `${name}.log`), offset: 0 }));
const missing = files.filter((f) => !existsSync(f.file)).map((f) => f.name);
if (missing.length === files.length) {
  console.error(`no logs in ${dir} (is \`npm start\` running?)`);
  process.exit(1);
}
if (missing.length > 0) console.error(`(no log yet for ${missing.join(', ')})`);
console.error(`following ${dir}/{${names.join(',')}}.log; Ctrl-C ends`);

function read(f: (typeof files)[number], from: number): string {
  const size = statSync(f.file).size;
  if (size < from) from = 0; // the file was wiped
  if (size === from) return '';
  const buf = Buffer.alloc(size - from);
  const fd = openSync(f.file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, from);
  } finally {
    closeSync(fd);
  }
  f.offset = size;
  return buf.toString('utf8');
}

// The last lines of each, in time order, then whatever comes.
const recent: { at: string; text: string }[] = [];
for (const f of files) {
  if (!existsSync(f.file)) continue;
  const size = statSync(f.file).size;
  const text = read(f, Math.max(0, size - 256 * 1024));
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (const line of lines.slice(-backlog)) {
    const entry = parseLine(line);
    recent.push({ at: entry.timestamp ?? '', text: formatEntry(f.name, entry, options) });
  }
  f.offset = size;
}
recent.sort((a, b) => a.at.localeCompare(b.at));
for (const r of recent) console.log(r.text);

const splitters = new Map(
  files.map((f) => [
    f.name,
    lineSplitter((line) => console.log(formatEntry(f.name, parseLine(line), options))),
  ]),
);
setInterval(() => {
  for (const f of files) if (existsSync(f.file)) splitters.get(f.name)!(read(f, f.offset));
}, 300);
