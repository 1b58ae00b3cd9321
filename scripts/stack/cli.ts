import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { EngineClient } from '../../common/engine.js';
import { Engine } from '../../gateway/data/engine.js';
import { deployAll } from '../deploy.js';
import { startInfra, stopInfra } from './infra.js';
import { componentEnv, getProfile, type StackProfile } from './profiles.js';
import { wipeStackData } from './postgres.js';
import { ROOT_DIR } from './versions.js';

/**
 * Local stack control.
 *   up   --profile dev|test [--fresh]   start PostgreSQL and the engine host (background), deploy models
 *   down --profile dev|test [--wipe]    stop them (and delete the data directory)
 *   run  --profile dev                  up + our services in the foreground + demo data; Ctrl-C stops all
 *   env  --profile dev|test             print the environment our components need
 */
const log = (msg: string) => console.error(msg);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

export const DEV_JWT_SECRET = 'wsa-local-development-secret-not-for-production';

async function up(p: StackProfile): Promise<void> {
  if (flag('fresh')) {
    // Stop what this profile may still be running before its data disappears under it.
    await stopInfra(p, log);
    wipeStackData(p);
  }
  const t0 = Date.now();
  await startInfra(p, log);
  await deployAll(
    new Engine(
      new EngineClient(
        {
          restUrl: `http://127.0.0.1:${p.engine.port}/engine-rest`,
          ...p.engine.gateway,
        },
        60_000,
      ),
    ),
    log,
  );
  log(`stack "${p.name}" up in ${((Date.now() - t0) / 1000).toFixed(1)}s, data in ${p.dataDir}`);
}

async function down(p: StackProfile): Promise<void> {
  await stopInfra(p, log);
  if (flag('wipe')) wipeStackData(p);
}

function service(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, entry)], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
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
    DEV_SIGN_IN: 'true',
    // Prometheus endpoints of the processes without an HTTP API (the gateway has /metrics).
    WORKERS_METRICS_PORT: String(p.gatewayPort + 464),
    PROJECTOR_METRICS_PORT: String(p.gatewayPort + 465),
  };
  children = [
    service('simulators', 'simulators/main.ts', env),
    service('projector', 'projector/main.ts', env),
    service('workers', 'workers/main.ts', env),
    service('gateway', 'gateway/main.ts', env),
  ];
  await waitHttp(`http://127.0.0.1:${p.gatewayPort}/ready`, 60_000);
  await waitHttp(`http://127.0.0.1:${p.simulatorsPort}/health`, 30_000);
  const demo = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT_DIR, 'scripts/demo-data.ts')],
    { cwd: ROOT_DIR, env: { ...process.env, ...env }, stdio: 'inherit' },
  );
  await new Promise((resolve) => demo.once('exit', resolve));
  log(`
WSA Orchestrator is running (profile ${p.name}). Ctrl-C stops everything; data stays in ${p.dataDir}
  gateway API          http://127.0.0.1:${p.gatewayPort}/api/v1   (health: /health, /ready)
  tasklist (caseworkers) http://127.0.0.1:${p.gatewayPort}/tasklist/   portal (applicants) http://127.0.0.1:${p.gatewayPort}/portal/   modeler http://127.0.0.1:${p.gatewayPort}/modeler/   operations http://127.0.0.1:${p.gatewayPort}/operations/
  partner simulators   http://127.0.0.1:${p.simulatorsPort}        (BA: /ba, config: /ba/_sim/config)
  engine (Operaton)    http://127.0.0.1:${p.engine.port}/engine-rest (service accounts only)${p.engine.admin ? `   cockpit http://127.0.0.1:${p.engine.port}/operaton/ (${p.engine.admin.user} / ${p.engine.admin.password})` : ''}
  PostgreSQL           127.0.0.1:${p.postgres.port} database wsa (engine, outbox, read model)
  logs                 ${path.join(p.dataDir, 'logs')}
  demo tokens          npm run token -- employer   (see README)
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
      log('usage: tsx scripts/stack/cli.ts up|down|run|env --profile dev|test [--fresh|--wipe]');
      process.exit(2);
  }
} catch (err) {
  log(`error: ${(err as Error).message}`);
  if (command === 'run') await shutdown(1);
  process.exit(1);
}
