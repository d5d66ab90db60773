import fs from 'node:fs';
import path from 'node:path';

/**
 * Deploy stage marks for benchmarks. Off unless the file `BERTH_LIB_ROOT/logs/timeline` exists (a
 * switch that also reaches processes started by sshd and git hooks, which get no caller environment);
 * then every process appends `{"t":EPOCH_MS,"pid":N,"mark":"..."}` lines to it. One stat per process.
 */
let file: string | null | undefined;

function target(): string | null {
  if (file !== undefined) return file;
  const f = path.join(process.env.BERTH_LIB_ROOT || '/var/lib/berth', 'logs', 'timeline');
  file = fs.existsSync(f) ? f : null;
  return file;
}

function write(t: number, label: string): void {
  const f = target();
  if (!f) return;
  try {
    // One short O_APPEND write per line: lines of concurrent processes do not interleave.
    fs.appendFileSync(f, JSON.stringify({ t: Math.round(t * 10) / 10, pid: process.pid, mark: label }) + '\n');
  } catch {
    // a timeline is a measurement aid; never fail a deploy over it
  }
}

/** Notes that a stage starts (or ends) now. */
export function mark(label: string): void {
  if (target()) write(performance.timeOrigin + performance.now(), label);
}

/** Notes when this process started (before node loaded anything) and that its entry code runs now. */
export function markProcess(label: string): void {
  if (!target()) return;
  write(performance.timeOrigin, `${label}: node start`);
  write(performance.timeOrigin + performance.now(), `${label}: entry code runs`);
}
