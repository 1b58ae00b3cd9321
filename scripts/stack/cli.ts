import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { EngineClient } from '../../common/engine.js';
import { Engine } from '../../gateway/data/engine.js';
import { deployAll } from '../deploy.js';
import { startInfra, stopInfra } from './infra.js';
import { formatEntry, isAccessLine, lineSplitter, parseLine, terminalOptions } from './log-view.js';
import { componentEnv, getProfile, type StackProfile } from './profiles.js';
import { wipeStackData } from './postgres.js';
import { ROOT_DIR } from './versions.js';

/**
 * Local stack control.
 *   up   --profile dev|test|sandbox [--fresh]   start PostgreSQL and the engine host (background), deploy models
 *   down --profile dev|test|sandbox [--wipe]    stop them (and delete the data directory)
 *   run  --profile dev                  up + our services in the foreground + demo data; Ctrl-C stops all
 *   env  --profile dev|test|sandbox             print the environment our components need
 */
const log = (msg: string) => console.error(msg);
const bold = (text: string) => (process.stderr.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
/** A step of a long start, as scripts/install.sh prints them: a line before, the time after. */
async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  log(bold(`==> ${label}`));
  const result = await work();
  log(`    done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return result;
}
/** Lines of the infrastructure's start, under their step. */
const indented = (msg: string) => log(`    ${msg.trim()}`);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

export const DEV_JWT_SECRET = 'wsa-local-development-secret-not-for-production';

async function up(p: StackProfile): Promise<void> {
  const t0 = Date.now();
  if (flag('fresh')) {
    // Stop what this profile may still be running before its data disappears under it.
    await stopInfra(p, indented);
    wipeStackData(p);
  }
  await step(`Starting PostgreSQL and the engine host (profile ${p.name})`, () =>
    startInfra(p, indented),
  );
  await step('Deploying the models, forms and decisions', () =>
    deployAll(
      new Engine(
        new EngineClient(
          {
            restUrl: `http://127.0.0.1:${p.engine.port}/engine-rest`,
            ...p.engine.gateway,
          },
          60_000,
        ),
      ),
      indented,
    ),
  );
  log(`stack "${p.name}" up in ${((Date.now() - t0) / 1000).toFixed(1)}s, data in ${p.dataDir}`);
}

async function down(p: StackProfile): Promise<void> {
  await stopInfra(p, log);
  if (flag('wipe')) wipeStackData(p);
}

/**
 * What a service's lines do on the terminal: everything goes to its JSON log file; until the
 * banner the terminal shows them in short form (HTTP access lines only in the file), after
 * it only warnings and errors, so the banner stays the last thing on screen.
 * `WSA_LOG=all` keeps every line on the terminal.
 */
let bannerShown = false;
const SERVICES = ['simulators', 'projector', 'workers', 'gateway', 'demo-data'];
const terminal = terminalOptions(process.stderr, Math.max(...SERVICES.map((n) => n.length)));
const logFiles: WriteStream[] = [];

function pipeLines(name: string, child: ChildProcess, file: WriteStream): void {
  const show = (line: string) => {
    const entry = parseLine(line);
    const all = process.env.WSA_LOG === 'all';
    const loud = entry.level === 'error' || entry.level === 'warn' || entry.raw !== undefined;
    if (all || loud || (!bannerShown && !isAccessLine(entry)))
      log(formatEntry(name, entry, terminal));
  };
  for (const stream of [child.stdout, child.stderr]) {
    const split = lineSplitter(show);
    stream?.on('data', (chunk: Buffer) => {
      file.write(chunk);
      split(chunk);
    });
  }
}

function logFile(p: StackProfile, name: string): WriteStream {
  const dir = path.join(p.dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = createWriteStream(path.join(dir, `${name}.log`), { flags: 'a' });
  logFiles.push(file);
  return file;
}

function service(
  p: StackProfile,
  name: string,
  entry: string,
  env: Record<string, string>,
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, entry)], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipeLines(name, child, logFile(p, name));
  child.on('exit', (code, signal) => {
    if (!stopping) log(`${name} exited (${signal ?? code}); stopping the stack`);
    if (!stopping) void shutdown(1);
  });
  return child;
}

let stopping = false;
let children: ChildProcess[] = [];
let runningProfile: StackProfile | undefined;

async function shutdown(code: number): Promise<never> {
  stopping = true;
  log('stopping services ...');
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  if (runningProfile) await stopInfra(runningProfile, log);
  for (const file of logFiles) file.end();
  log('stopped; data kept in ' + (runningProfile?.dataDir ?? ''));
  process.exit(code);
}

async function run(p: StackProfile): Promise<void> {
  runningProfile = p;
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  await up(p);
  const env = {
    ...componentEnv(p),
    AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET,
    // A sandbox started on request has none: its tokens come from the platform's gateway.
    DEV_SIGN_IN: process.env.WSA_DEV_SIGN_IN === 'off' ? 'false' : 'true',
    // The simulators' dates follow a movable engine clock (simulators/clock.ts).
    ...(p.engine.testClock ? { SIMULATORS_CLOCK: 'engine' } : {}),
    // A sandbox's gateway mounts /api/v1/sandbox for its organisation (docs/sandbox.md); the
    // demo employer's organisation unless SANDBOX_ORGANISATION says another.
    ...(p.name === 'sandbox'
      ? {
          SANDBOX_ORGANISATION: process.env.SANDBOX_ORGANISATION ?? '12345678',
          SANDBOX_SIMULATORS_URL: `http://127.0.0.1:${p.simulatorsPort}`,
        }
      : {}),
    // Prometheus endpoints of the processes without an HTTP API (the gateway has /metrics).
    WORKERS_METRICS_PORT: String(p.gatewayPort + 464),
    PROJECTOR_METRICS_PORT: String(p.gatewayPort + 465),
  };
  const logs = path.join(p.dataDir, 'logs');
  await step(
    `Starting simulators, projector, workers and gateway (JSON logs: ${path.relative(process.cwd(), logs) || logs}/)`,
    async () => {
      children = [
        service(p, 'simulators', 'simulators/main.ts', env),
        service(p, 'projector', 'projector/main.ts', env),
        service(p, 'workers', 'workers/main.ts', env),
        service(p, 'gateway', 'gateway/main.ts', env),
      ];
      await waitHttp(`http://127.0.0.1:${p.gatewayPort}/ready`, 60_000);
      await waitHttp(`http://127.0.0.1:${p.simulatorsPort}/health`, 30_000);
    },
  );
  // A sandbox started on request begins empty (scripts/stack/sandbox-provisioner.ts).
  if (process.env.WSA_DEMO_DATA !== 'off')
    await step('Loading the demo cases', async () => {
      const demo = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT_DIR, 'scripts/demo-data.ts')],
        { cwd: ROOT_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      pipeLines('demo-data', demo, logFile(p, 'demo-data'));
      await new Promise((resolve) => demo.once('exit', resolve));
    });
  bannerShown = true;
  const url = (rest: string) => `http://127.0.0.1:${p.gatewayPort}${rest}`;
  const admin = p.engine.admin;
  log(`
${bold(`WSA Orchestrator is running (profile ${p.name}).`)} Ctrl-C stops everything; data stays in ${p.dataDir}
  tasklist (caseworkers)   ${url('/tasklist/')}     sign in as abh-caseworker
  portal (applicants)      ${url('/portal/')}       sign in as applicant
  modeler (process owners) ${url('/modeler/')}      sign in as process-owner
  operations (operators)   ${url('/operations/')}   sign in as operator
  gateway API              ${url('/api/v1')}  (docs: /api/docs, health: /health, /ready)
  partner simulators       http://127.0.0.1:${p.simulatorsPort}  (BA: /ba, config: /ba/_sim/config)
  engine (Operaton)        http://127.0.0.1:${p.engine.port}/engine-rest (service accounts only)${admin ? `\n  engine cockpit           http://127.0.0.1:${p.engine.port}/operaton/  (${admin.user} / ${admin.password})` : ''}
  PostgreSQL               127.0.0.1:${p.postgres.port} database wsa (engine, outbox, read model)
  demo tokens              npm run token -- employer   (see README)
  logs                     ${logs}/<component>.log (JSON); \`npm run logs\` follows them readably.
                           From here on this terminal shows only warnings and errors (WSA_LOG=all: every line).
`);
}

async function waitHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const command = process.argv[2];
const profile = getProfile(arg('profile') ?? 'dev');
try {
  switch (command) {
    case 'up':
      await up(profile);
      break;
    case 'down':
      await down(profile);
      break;
    case 'run':
      await run(profile);
      break;
    case 'env':
      for (const [k, v] of Object.entries(componentEnv(profile))) console.log(`${k}=${v}`);
      break;
    default:
      log(
        'usage: tsx scripts/stack/cli.ts up|down|run|env --profile dev|test|sandbox [--fresh|--wipe]',
      );
      process.exit(2);
  }
} catch (err) {
  log(`error: ${(err as Error).message}`);
  if (command === 'run') await shutdown(1);
  process.exit(1);
}
