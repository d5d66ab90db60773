import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface Stats {
  /** Milliseconds per operation. */
  median: number;
  p90: number;
  min: number;
  samples: number;
  /** CPU time of child processes per operation (Linux), far less sensitive to a loaded host than wall time. */
  cpu?: number;
}

export interface MeasureOptions {
  warmup?: number;
  iterations?: number;
  /** Operations per sample: micro-benchmarks time a batch and divide, so the timer's own cost vanishes. */
  batch?: number;
}

type Op = () => unknown;

/** CPU milliseconds of all reaped descendants (cutime + cstime of /proc/self/stat, 100 Hz ticks). */
function childCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return undefined;
  }
}

export function statsOf(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p90: at(0.9), min: s[0], samples: s.length };
}

/**
 * Times several operations in the same run, round-robin, so a load spike on a shared machine hits
 * the baseline and the subjects alike and the ratios stay meaningful.
 */
export async function measureAll<K extends string>(ops: Record<K, Op>, o: MeasureOptions = {}): Promise<Record<K, Stats>> {
  const { warmup = 2, iterations = 10, batch = 1 } = o;
  const names = Object.keys(ops) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const cpu = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  for (let i = 0; i < warmup + iterations; i++) {
    for (const n of names) {
      const c0 = childCpuMs();
      const t0 = performance.now();
      for (let b = 0; b < batch; b++) await ops[n]();
      const ms = (performance.now() - t0) / batch;
      const c1 = childCpuMs();
      if (i >= warmup) samples[n].push(ms);
      if (i >= warmup && c0 !== undefined && c1 !== undefined) cpu[n] += (c1 - c0) / batch;
    }
  }
  const withCpu = (n: K): Stats => ({ ...statsOf(samples[n]), cpu: cpu[n] > 0 ? cpu[n] / iterations : undefined });
  return Object.fromEntries(names.map((n) => [n, withCpu(n)])) as Record<K, Stats>;
}

export async function measure(op: Op, o: MeasureOptions = {}): Promise<Stats> {
  return (await measureAll({ op }, o)).op;
}

export interface SpawnSpec {
  cmd: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs a command to completion with output discarded; a non-zero exit means the benchmark itself is broken. */
export function runToExit(s: SpawnSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(s.cmd, s.args ?? [], { env: s.env ?? process.env, cwd: s.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${[s.cmd, ...(s.args ?? [])].join(' ')} exited ${code ?? signal}: ${err.trim().slice(0, 500)}`));
    });
  });
}

export const spawnOp = (s: SpawnSpec): Op => () => runToExit(s);

export function fmtMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function fmtRatio(r: number): string {
  return `${r < 10 ? r.toFixed(2) : r.toFixed(1)}×`;
}

/** One result line: median and p90, and the ratio of the medians against the run's baseline. */
export function line(label: string, s: Stats, baseline?: { label: string; stats: Stats }): void {
  const ratio = baseline ? `  ${fmtRatio(s.median / baseline.stats.median).padStart(7)} ${baseline.label}` : '';
  const cpu = s.cpu === undefined ? '' : `  | cpu ${fmtMs(s.cpu).padStart(9)}${baseline?.stats.cpu ? ` ${fmtRatio(s.cpu / baseline.stats.cpu).padStart(7)}` : ''}`;
  console.log(`  ${label.padEnd(48)} median ${fmtMs(s.median).padStart(10)}  p90 ${fmtMs(s.p90).padStart(10)}${ratio}${cpu}`);
}

/** The CPU-time ratio as a summary note, when both sides were measured. */
export function cpuNote(s: Stats, base: Stats): string | undefined {
  return s.cpu && base.cpu ? `cpu ${fmtRatio(s.cpu / base.cpu)}` : undefined;
}

export function heading(text: string): void {
  console.log(`\n== ${text}`);
}
