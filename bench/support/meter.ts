import os from 'node:os';
import { readVersions } from '../../scripts/stack/versions.js';
import { cpuSeconds, peakRssMb, PssSampler, treeCpuSeconds } from './proc.js';

/**
 * CPU and memory of the processes of a run. A process measured as a `tree` (PostgreSQL: the
 * postmaster and one backend per connection) counts the CPU of all its processes, and its
 * memory is the peak of their summed PSS, sampled every second (shared buffers once); any
 * other process's memory is its own peak RSS (VmHWM, since it started).
 */
export interface Measured {
  name: string;
  pid: number;
  tree?: boolean;
}

export interface Usage {
  name: string;
  /** Average cores used over the measured time. */
  cores: number;
  peakMb: number;
}

export class Meter {
  private readonly cpu0: number[];
  private readonly t0 = Date.now();
  private readonly sampler: PssSampler;

  constructor(private readonly procs: Measured[]) {
    this.cpu0 = procs.map((p) => (p.tree ? treeCpuSeconds(p.pid) : cpuSeconds(p.pid)));
    this.sampler = new PssSampler(() => procs.filter((p) => p.tree).map((p) => p.pid));
  }

  /** Usage from the start until now. */
  stop(): Usage[] {
    this.sampler.sample();
    this.sampler.stop();
    const seconds = (Date.now() - this.t0) / 1000;
    return this.procs.map((p, i) => ({
      name: p.name,
      cores: ((p.tree ? treeCpuSeconds(p.pid) : cpuSeconds(p.pid)) - this.cpu0[i]!) / seconds,
      peakMb: p.tree ? (this.sampler.peakMb.get(p.pid) ?? 0) : peakRssMb(p.pid),
    }));
  }
}

export function usageTable(rows: Usage[], title = 'process'): string {
  return [
    `| ${title} | CPU (cores, average) | peak memory |`,
    '|---|---|---|',
    ...rows.map((u) => `| ${u.name} | ${u.cores.toFixed(2)} | ${u.peakMb.toFixed(0)} MB |`),
  ].join('\n');
}

/** Date, machine and versions, for the heading of a result. */
export function machineLine(): string {
  const v = readVersions();
  return `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Operaton ${v.OPERATON_VERSION}, PostgreSQL ${v.POSTGRES_MAJOR}, Node ${process.version}`;
}

/** "p50 / p95 / p99" of latencies, rounded. */
export function percentiles(values: number[], digits = 0, qs = [0.5, 0.95, 0.99]): string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  return qs.map((q) => at(q).toFixed(digits)).join(' / ');
}
