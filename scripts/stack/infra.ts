import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { StackProfile } from './profiles.js';
import { ROOT_DIR } from './versions.js';
import {
  databaseUrl,
  initCluster,
  pgBinDir,
  pgRunAs,
  postgresReady,
  PG_USER,
  serverArgs,
} from './postgres.js';

/**
 * Starts and stops the infrastructure of one local stack (PostgreSQL, the Operaton engine
 * host) as background processes with pid files under <dataDir>/run, logs under
 * <dataDir>/logs. Readiness is polled, never slept for.
 */

const LOCAL_DIR = process.env.WSA_LOCAL_DIR ?? path.join(ROOT_DIR, '.local');

export type InfraName = 'postgres' | 'engine';

export interface Component {
  name: InfraName;
  /** The port that must be free before start (another process there would fake readiness). */
  port: number;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Runs before the process starts (e.g. creating a database cluster the first time). */
  prepare?: () => void;
  /** The user the process runs as, when not ourselves. */
  runAs?: { uid: number; gid: number };
  /** Which node of a cluster (engine hosts); 0 for a single one. */
  node?: number;
  ready: () => Promise<boolean>;
  /** How long to wait for readiness before giving up. */
  timeoutMs: number;
}

function dirs(p: StackProfile) {
  return { run: path.join(p.dataDir, 'run'), logs: path.join(p.dataDir, 'logs') };
}

function pidFile(p: StackProfile, name: InfraName, node = 0): string {
  return path.join(dirs(p).run, `${name}${node > 0 ? `-${node}` : ''}.pid`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(p: StackProfile, name: InfraName, node = 0): number | undefined {
  const file = pidFile(p, name, node);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Whether something listens on 127.0.0.1:port. */
export async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function httpOk(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** The JDK install.sh chose for the engine host (Java 17 or newer). */
function javaHome(): string {
  const file = path.join(LOCAL_DIR, 'java-home');
  if (!existsSync(file)) throw new Error('no JDK recorded: run scripts/install.sh first');
  return readFileSync(file, 'utf8').trim();
}

/** The engine host's jar: install.sh builds it from engine/ and records which file to run. */
export function engineJar(): string {
  const file = path.join(LOCAL_DIR, 'engine-jar');
  if (!existsSync(file)) throw new Error('no engine host built: run scripts/install.sh first');
  return readFileSync(file, 'utf8').trim();
}

/**
 * The engine host as a component. `node` (0 by default) names one node of a cluster: every
 * node shares the profile's PostgreSQL; node n listens on the profile's engine port + n.
 */
export function engineComponent(
  p: StackProfile,
  node = 0,
  /** Test profile only: start the engine's clock this far ahead (a restarted test engine). */
  options: { clockOffsetMs?: number } = {},
): Component {
  const port = p.engine.port + node;
  const basic = (a: { user: string; password: string }) =>
    `Basic ${Buffer.from(`${a.user}:${a.password}`).toString('base64')}`;
  const users = [p.engine.gateway, p.engine.workers].map((a) => `${a.user}:${a.password}`);
  return {
    name: 'engine',
    node,
    port,
    command: path.join(javaHome(), 'bin', 'java'),
    args: [
      ...(process.env.ENGINE_JAVA_OPTS ?? '-Xms256m -Xmx768m -XX:+UseParallelGC').split(' '),
      '-jar',
      engineJar(),
    ],
    env: {
      ENGINE_PORT: String(port),
      ENGINE_BIND_ADDRESS: '127.0.0.1',
      ENGINE_DB_URL: databaseUrl(p)
        .replace(/^postgres:\/\/[^@]*@/, 'jdbc:postgresql://')
        .replace(/\?.*$/, ''),
      ENGINE_DB_USER: PG_USER,
      ENGINE_DB_PASSWORD: p.postgres.password,
      ENGINE_REST_USERS: users.join(','),
      ENGINE_TEST_CLOCK: String(p.engine.testClock),
      ...(p.engine.testClock && options.clockOffsetMs
        ? { ENGINE_TEST_CLOCK_OFFSET_MS: String(Math.round(options.clockOffsetMs)) }
        : {}),
      ...(p.engine.admin
        ? { ENGINE_ADMIN_USER: p.engine.admin.user, ENGINE_ADMIN_PASSWORD: p.engine.admin.password }
        : {}),
      // Timers and retries are picked up within a second in tests; 5 s idle in dev.
      ENGINE_JOB_WAIT_MS: p.engine.testClock ? '500' : '5000',
    },
    ready: () =>
      httpOk(`http://127.0.0.1:${port}/engine-rest/engine`, {
        authorization: basic(p.engine.gateway),
      }),
    timeoutMs: 120_000,
  };
}

export function components(p: StackProfile): Component[] {
  return [
    {
      name: 'postgres',
      port: p.postgres.port,
      command: path.join(pgBinDir(), 'postgres'),
      args: serverArgs(p),
      prepare: () => initCluster(p),
      runAs: pgRunAs(),
      ready: () => postgresReady(p),
      timeoutMs: 30_000,
    },
    engineComponent(p),
  ];
}

async function waitReady(c: Component, pid: number, log: (msg: string) => void): Promise<void> {
  const started = Date.now();
  let lastNote = started;
  for (;;) {
    if (await c.ready()) return;
    if (!isAlive(pid)) throw new Error(`${c.name} exited during start; see its log`);
    if (Date.now() - started > c.timeoutMs)
      throw new Error(`${c.name} not ready after ${c.timeoutMs} ms`);
    if (Date.now() - lastNote > 5000) {
      log(`  ... waiting for ${c.name} (${Math.round((Date.now() - started) / 1000)}s)`);
      lastNote = Date.now();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startComponent(
  p: StackProfile,
  c: Component,
  log: (msg: string) => void,
): Promise<number> {
  const { run, logs } = dirs(p);
  mkdirSync(run, { recursive: true });
  mkdirSync(logs, { recursive: true });
  const node = c.node ?? 0;
  const logName = `${c.name}${node > 0 ? `-${node}` : ''}`;
  const existing = readPid(p, c.name, node);
  if (existing !== undefined && (await c.ready())) {
    log(`${logName} already running (pid ${existing})`);
    return existing;
  }
  if (await portOpen(c.port)) {
    throw new Error(
      `port ${c.port} (${logName}) is already in use by a process this stack did not start; stop it first (e.g. \`scripts/stack/cli.ts down --profile ${p.name}\` from the checkout that started it)`,
    );
  }
  const t0 = Date.now();
  c.prepare?.();
  const out = openSync(path.join(logs, `${logName}.log`), 'a');
  const child = spawn(c.command, c.args, {
    ...(c.runAs ?? {}),
    cwd: c.cwd ?? ROOT_DIR,
    env: { ...process.env, ...c.env },
    detached: true,
    stdio: ['ignore', out, out],
  });
  if (child.pid === undefined) throw new Error(`could not start ${c.name}`);
  child.unref();
  writeFileSync(pidFile(p, c.name, node), String(child.pid));
  await waitReady(c, child.pid, log);
  log(
    `${logName} ready in ${((Date.now() - t0) / 1000).toFixed(1)}s (pid ${child.pid}, log ${path.join(logs, `${logName}.log`)})`,
  );
  return child.pid;
}

export async function startInfra(
  p: StackProfile,
  log: (msg: string) => void = console.error,
): Promise<void> {
  const [postgres, engine] = components(p) as [Component, Component];
  await startComponent(p, postgres, log);
  await startComponent(p, engine, log);
}

/** SIGTERM, then SIGKILL after the grace period. Also used by resilience tests. */
export async function stopPid(
  pid: number,
  graceMs = 30_000,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export async function stopComponent(
  p: StackProfile,
  name: InfraName,
  log: (msg: string) => void = console.error,
  node = 0,
): Promise<void> {
  const pid = readPid(p, name, node);
  if (pid !== undefined) {
    // PostgreSQL's SIGTERM waits for every client to disconnect; SIGINT is its fast shutdown.
    await stopPid(pid, 30_000, name === 'postgres' ? 'SIGINT' : 'SIGTERM');
    log(`${name}${node > 0 ? `-${node}` : ''} stopped`);
  }
  rmSync(pidFile(p, name, node), { force: true });
}

export async function stopInfra(
  p: StackProfile,
  log: (msg: string) => void = console.error,
): Promise<void> {
  // Every engine node first (a cluster's too), then the database under them.
  for (let node = 9; node >= 0; node--) await stopComponent(p, 'engine', log, node);
  await stopComponent(p, 'postgres', log);
}

export function infraPid(p: StackProfile, name: InfraName, node = 0): number | undefined {
  return readPid(p, name, node);
}
