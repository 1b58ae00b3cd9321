import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../scripts/stack/versions.js';
import { waitHttp } from './proc.js';

/**
 * Our own components (gateway, workers, projector, simulators, the raw engine client) as
 * separate processes, as deployed: started with `node --import tsx <entry>`, output in a log
 * file under the bench's data directory, stopped with the benchmark however it ends.
 */
export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Lines the process printed on stdout (the support processes print a JSON ready line). */
  lines: string[];
  exited: boolean;
}

export class Services {
  private readonly running = new Map<string, Service>();

  constructor(private readonly logDir: () => string) {}

  /** Starts `entry` (a path from the repository root) with the given environment. */
  start(
    name: string,
    entry: string,
    env: Record<string, string>,
    args: string[] = [],
    nodeArgs: string[] = [],
  ): Service {
    if (this.running.get(name) && !this.running.get(name)!.exited)
      throw new Error(`${name} runs already`);
    mkdirSync(this.logDir(), { recursive: true });
    const logFile = path.join(this.logDir(), `${name.replace(/\s+/g, '-')}.log`);
    const out = openSync(logFile, 'a');
    const child = spawn(
      process.execPath,
      [...nodeArgs, '--import', 'tsx', path.join(ROOT_DIR, entry), ...args],
      {
        cwd: ROOT_DIR,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', out],
      },
    );
    closeSync(out);
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    const svc: Service = { name, child, pid: child.pid, logFile, lines: [], exited: false };
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      svc.lines.push(...parts);
    });
    child.once('exit', () => (svc.exited = true));
    this.running.set(name, svc);
    return svc;
  }

  get(name: string): Service {
    const svc = this.running.get(name);
    if (!svc) throw new Error(`no service ${name}`);
    return svc;
  }

  all(): Service[] {
    return [...this.running.values()];
  }

  /** Waits for `url` to answer 2xx; fails at once (with its log's tail) if the process ends. */
  async waitHttp(name: string, url: string, timeoutMs = 90_000): Promise<void> {
    const svc = this.get(name);
    try {
      await waitHttp(url, { timeoutMs, what: name, alive: () => !svc.exited });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${tail(svc.logFile)}`);
    }
  }

  /** Waits for the JSON line `{"ready":true,...}` a support process prints when it is ready. */
  async waitReadyLine(name: string, timeoutMs = 90_000): Promise<Record<string, unknown>> {
    const svc = this.get(name);
    const t0 = Date.now();
    let noted = t0;
    for (;;) {
      const line = svc.lines.find((l) => l.startsWith('{"ready"'));
      if (line) return JSON.parse(line) as Record<string, unknown>;
      if (svc.exited) throw new Error(`${name} ended before it was ready\n${tail(svc.logFile)}`);
      if (Date.now() - t0 > timeoutMs)
        throw new Error(`${name} not ready after ${timeoutMs} ms\n${tail(svc.logFile)}`);
      if (Date.now() - noted > 5000) {
        console.error(`  ... waiting for ${name} (${Math.round((Date.now() - t0) / 1000)} s)`);
        noted = Date.now();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops a service: the signal, then SIGKILL after the grace period. */
  async stop(name: string, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    const svc = this.running.get(name);
    if (!svc || svc.exited) return;
    const exited = new Promise<void>((resolve) => svc.child.once('exit', () => resolve()));
    svc.child.kill(signal);
    const timer = setTimeout(() => svc.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** kill -9, as a crash: nothing of the process's own shutdown runs. */
  async kill9(name: string): Promise<void> {
    await this.stop(name, 'SIGKILL', 0);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all().map((s) => this.stop(s.name)));
  }

  /** Last resort at exit (synchronous): nothing we started may outlive the benchmark. */
  killAllNow(): void {
    for (const s of this.all()) if (!s.exited) s.child.kill('SIGKILL');
  }
}

/** The last lines of a log file, to show why a process did not start. */
export function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  const text = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  return `--- last lines of ${file} ---\n${text}`;
}
