import { spawn, StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export interface ShellRun {
  file: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** An open descriptor shared by every handler of one dispatch (plugn's one stdin stream), or a mode. */
  stdin: number | 'inherit' | 'ignore';
  capture: boolean;
}

export interface ShellResult {
  exit: number;
  stdout: string;
}

/** Exit status as a shell reports it: a handler killed by signal N exits 128+N. */
export function exitOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? os.constants.signals[signal] : undefined;
  return n ? 128 + n : 1;
}

/**
 * Runs one handler with plugn's contract: argv verbatim, $0 the literal path, caller's cwd and
 * stderr, shared stdin. Spawned directly (no shell); a file without a shebang runs through bash.
 */
export function runShell(run: ShellRun): Promise<ShellResult> {
  if (needsBash(run.file)) return spawnOnce('bash', [run.file, ...run.args], run);
  return spawnOnce(run.file, run.args, run).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOEXEC') return spawnOnce('bash', [run.file, ...run.args], run);
    throw err;
  });
}

/** libuv's exec falls back to /bin/sh (dash) on ENOEXEC by itself, so shebang-less scripts are detected up front. */
function needsBash(file: string): boolean {
  const head = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const n = fs.readSync(fd, head, 0, 4, 0);
    return !(n >= 2 && head[0] === 0x23 && head[1] === 0x21) && !(n === 4 && head.toString('latin1') === '\x7fELF');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function spawnOnce(cmd: string, args: readonly string[], run: ShellRun): Promise<ShellResult> {
  const stdio: StdioOptions = [run.stdin, run.capture ? 'pipe' : 'inherit', 'inherit'];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: run.env, stdio });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ exit: exitOf(code, signal), stdout: Buffer.concat(chunks).toString('utf8') }));
  });
}
