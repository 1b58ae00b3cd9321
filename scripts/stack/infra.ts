import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { StackProfile } from './profiles.js';
import { ROOT_DIR, readVersions } from './versions.js';
import { EXPORTED_VALUE_TYPES } from '../../projector/projector.js';
import { initCluster, pgBinDir, pgRunAs, postgresReady, serverArgs } from './postgres.js';

/**
 * Starts and stops the infrastructure of one local stack (PostgreSQL, Redis, Zeebe with
 * the Redis exporter) as background processes with pid files under <dataDir>/run, logs under
 * <dataDir>/logs. Readiness is polled, never slept for.
 */

const versions = readVersions();
const LOCAL_DIR = process.env.WSA_LOCAL_DIR ?? path.join(ROOT_DIR, '.local');

export type InfraName = 'postgres' | 'redis' | 'zeebe';

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
  ready: () => Promise<boolean>;
  /** How long to wait for readiness before giving up. */
  timeoutMs: number;
}

function dirs(p: StackProfile) {
  return { run: path.join(p.dataDir, 'run'), logs: path.join(p.dataDir, 'logs') };
}

function pidFile(p: StackProfile, name: InfraName): string {
  return path.join(dirs(p).run, `${name}.pid`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(p: StackProfile, name: InfraName): number | undefined {
  const file = pidFile(p, name);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function redisReady(port: number): Promise<boolean> {
  if (!(await portOpen(port))) return false;
  const redis = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

function javaHome(): string {
  const file = path.join(LOCAL_DIR, 'java-home');
  if (!existsSync(file)) throw new Error('no JDK recorded: run scripts/install.sh first');
  return readFileSync(file, 'utf8').trim();
}

export function components(p: StackProfile): Component[] {
  const zeebeHome = path.join(LOCAL_DIR, 'zeebe', `camunda-zeebe-${versions.ZEEBE_VERSION}`);
  const exporterJar = path.join(
    LOCAL_DIR,
    'zeebe',
    `zeebe-redis-exporter-${versions.ZEEBE_REDIS_EXPORTER_VERSION}-jar-with-dependencies.jar`,
  );
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
    {
      name: 'redis',
      port: p.redisPort,
      command: 'redis-server',
      // AOF so exported-but-not-yet-projected records survive a restart of Redis.
      args: [
        '--bind',
        '127.0.0.1',
        '--port',
        String(p.redisPort),
        '--dir',
        path.join(p.dataDir, 'redis'),
        '--appendonly',
        'yes',
        '--save',
        '',
        '--protected-mode',
        'yes',
        '--daemonize',
        'no',
      ],
      ready: () => redisReady(p.redisPort),
      timeoutMs: 15_000,
    },
    {
      name: 'zeebe',
      port: p.zeebe.managementPort,
      command: path.join(zeebeHome, 'bin', 'broker'),
      args: [],
      cwd: zeebeHome,
      env: {
        JAVA_HOME: javaHome(),
        JAVA_OPTS: process.env.ZEEBE_JAVA_OPTS ?? '-Xms256m -Xmx1g -XX:+UseParallelGC',
        ZEEBE_BROKER_DATA_DIRECTORY: path.join(p.dataDir, 'zeebe'),
        ZEEBE_BROKER_NETWORK_HOST: '127.0.0.1',
        ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT: String(p.zeebe.commandPort),
        ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT: String(p.zeebe.internalPort),
        ZEEBE_BROKER_GATEWAY_NETWORK_HOST: '127.0.0.1',
        ZEEBE_BROKER_GATEWAY_NETWORK_PORT: String(p.zeebe.grpcPort),
        SERVER_ADDRESS: '127.0.0.1',
        SERVER_PORT: String(p.zeebe.restPort),
        MANAGEMENT_SERVER_ADDRESS: '127.0.0.1',
        MANAGEMENT_SERVER_PORT: String(p.zeebe.managementPort),
        ZEEBE_CLOCK_CONTROLLED: String(p.zeebe.clockControlled),
        // Redis exporter: JSON records into streams <name>:<VALUE_TYPE>; no TTL cleanup,
        // the projector deletes what it has acknowledged.
        ZEEBE_BROKER_EXPORTERS_REDIS_CLASSNAME: 'io.zeebe.redis.exporter.RedisExporter',
        ZEEBE_BROKER_EXPORTERS_REDIS_JARPATH: exporterJar,
        ZEEBE_REDIS_REMOTE_ADDRESS: `redis://127.0.0.1:${p.redisPort}`,
        ZEEBE_REDIS_FORMAT: 'json',
        ZEEBE_REDIS_NAME: 'zeebe',
        ZEEBE_REDIS_TIME_TO_LIVE_IN_SECONDS: '0',
        // Only what the projector reads, and only events (no commands, no rejections).
        ZEEBE_REDIS_ENABLED_VALUE_TYPES: EXPORTED_VALUE_TYPES.join(','),
        ZEEBE_REDIS_ENABLED_RECORD_TYPES: 'EVENT',
      },
      ready: () => httpOk(`http://127.0.0.1:${p.zeebe.managementPort}/actuator/health/readiness`),
      timeoutMs: 120_000,
    },
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
  mkdirSync(path.join(p.dataDir, c.name), { recursive: true });
  const existing = readPid(p, c.name);
  if (existing !== undefined && (await c.ready())) {
    log(`${c.name} already running (pid ${existing})`);
    return existing;
  }
  for (const port of c.name === 'zeebe'
    ? [
        p.zeebe.grpcPort,
        p.zeebe.managementPort,
        p.zeebe.restPort,
        p.zeebe.commandPort,
        p.zeebe.internalPort,
      ]
    : [c.port]) {
    if (await portOpen(port)) {
      throw new Error(
        `port ${port} (${c.name}) is already in use by a process this stack did not start; stop it first (e.g. \`scripts/stack/cli.ts down --profile ${p.name}\` from the checkout that started it)`,
      );
    }
  }
  const t0 = Date.now();
  c.prepare?.();
  const out = openSync(path.join(logs, `${c.name}.log`), 'a');
  const child = spawn(c.command, c.args, {
    ...(c.runAs ?? {}),
    cwd: c.cwd ?? ROOT_DIR,
    env: { ...process.env, ...c.env },
    detached: true,
    stdio: ['ignore', out, out],
  });
  if (child.pid === undefined) throw new Error(`could not start ${c.name}`);
  child.unref();
  writeFileSync(pidFile(p, c.name), String(child.pid));
  await waitReady(c, child.pid, log);
  log(
    `${c.name} ready in ${((Date.now() - t0) / 1000).toFixed(1)}s (pid ${child.pid}, log ${path.join(logs, `${c.name}.log`)})`,
  );
  return child.pid;
}

export async function startInfra(
  p: StackProfile,
  log: (msg: string) => void = console.error,
): Promise<void> {
  const [postgres, redis, zeebe] = components(p) as [Component, Component, Component];
  // Redis first (the exporter connects to it), PostgreSQL alongside; Zeebe last and slowest.
  await Promise.all([startComponent(p, postgres, log), startComponent(p, redis, log)]);
  await startComponent(p, zeebe, log);
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
): Promise<void> {
  const pid = readPid(p, name);
  if (pid !== undefined) {
    // PostgreSQL's SIGTERM waits for every client to disconnect; SIGINT is its fast shutdown.
    await stopPid(pid, 30_000, name === 'postgres' ? 'SIGINT' : 'SIGTERM');
    log(`${name} stopped`);
  }
  rmSync(pidFile(p, name), { force: true });
}

export async function stopInfra(
  p: StackProfile,
  log: (msg: string) => void = console.error,
): Promise<void> {
  // Zeebe first so the exporter can flush to Redis before Redis goes away.
  await stopComponent(p, 'zeebe', log);
  await Promise.all([stopComponent(p, 'redis', log), stopComponent(p, 'postgres', log)]);
}

export function infraPid(p: StackProfile, name: InfraName): number | undefined {
  return readPid(p, name);
}
