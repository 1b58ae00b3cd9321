import { readdirSync, readFileSync } from 'node:fs';

/** Helpers the benchmarks share: what a process used, and waiting for a service. */

/** Peak resident memory of a process so far (VmHWM), in MB; 0 once it is gone. */
export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function statFields(pid: number): string[] | null {
  try {
    // The command name (field 2) may hold spaces: split after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  } catch {
    return null;
  }
}

const TICKS = 100; // clock ticks per second (USER_HZ) on Linux

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) / TICKS : 0; // utime, stime
}

/** The direct children of every process, from /proc (one scan). */
function childrenByParent(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (!f) continue;
    const ppid = Number(f[1]);
    const list = map.get(ppid) ?? [];
    list.push(Number(entry));
    map.set(ppid, list);
  }
  return map;
}

/** A process and all its descendants (e.g. the PostgreSQL postmaster and its backends). */
export function processTree(pid: number): number[] {
  const children = childrenByParent();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/**
 * CPU seconds of a process tree: the root's own time, the time of its children that have
 * ended (cutime, cstime: PostgreSQL backends of closed connections), and the time of the
 * descendants still running.
 */
export function treeCpuSeconds(pid: number): number {
  const f = statFields(pid);
  if (!f) return 0;
  let ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  for (const child of processTree(pid).slice(1)) {
    const c = statFields(child);
    if (c) ticks += Number(c[11]) + Number(c[12]);
  }
  return ticks / TICKS;
}

/**
 * Proportional set size of a process tree now, in MB: shared pages (PostgreSQL's shared
 * buffers) counted once across the processes that share them, not once per backend.
 */
export function treePssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      kb += Number(
        /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0,
      );
    } catch {
      /* ended meanwhile */
    }
  }
  return kb / 1024;
}

/**
 * Samples the PSS of process trees once a second and keeps the peak (a tree of many processes
 * has no VmHWM of its own). `stop()` ends the sampling.
 */
export class PssSampler {
  readonly peakMb = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: () => number[]) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  sample(): void {
    for (const pid of this.pids())
      this.peakMb.set(pid, Math.max(this.peakMb.get(pid) ?? 0, treePssMb(pid)));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Resolves once `url` answers 2xx. Says every 5 s what it waits for, and gives up after
 * `timeoutMs` or as soon as `alive()` says the process behind it ended.
 */
export async function waitHttp(
  url: string,
  options: { timeoutMs?: number; what?: string; alive?: () => boolean } = {},
): Promise<void> {
  const { timeoutMs = 60_000, what = url, alive = () => true } = options;
  const t0 = Date.now();
  let noted = t0;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    if (!alive()) throw new Error(`${what} ended before it was ready`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what} not ready after ${timeoutMs} ms`);
    if (Date.now() - noted > 5000) {
      console.error(`  ... waiting for ${what} (${Math.round((Date.now() - t0) / 1000)} s)`);
      noted = Date.now();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
