import { execFile, spawn } from 'node:child_process';

/**
 * git without execa: the push's hook process runs a few short git commands and nothing else needs
 * execa there, whose load alone costs a tenth of a second or more. Argument arrays, no shell.
 */
export interface GitResult {
  exitCode?: number;
  signal?: string;
  code?: string;
  originalMessage?: string;
  stdout: string;
  stderr: string;
}

export function runGit(args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile('git', args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number; signal?: string }) | null;
      if (e && typeof e.code === 'string') return resolve({ code: e.code, originalMessage: e.message, stdout: '', stderr: '' });
      resolve({ exitCode: e ? (typeof e.code === 'number' ? e.code : undefined) : 0, signal: e?.signal ?? undefined, stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** `git ARGS` (producing a tar on stdout) piped straight into `tar -x -C DIR`; rejects with git's or tar's stderr. */
export function gitArchiveInto(args: string[], dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const git = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '--no-same-owner', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    git.stderr.on('data', (c: Buffer) => (errors += c.toString()));
    tar.stderr.on('data', (c: Buffer) => (errors += c.toString()));
    git.stdout.pipe(tar.stdin);
    // tar gone early (EPIPE): its own exit status tells what happened
    tar.stdin.on('error', () => {});
    let pending = 2;
    let failure: string | undefined;
    const done = (program: string) => (code: number | null, signal: NodeJS.Signals | null) => {
      if (code !== 0 && !failure) failure = `${program} ${code === null ? `killed by ${signal}` : `exit ${code}`}`;
      if (--pending === 0) (failure ? reject(new Error(errors.trim() || failure)) : resolve());
    };
    git.on('error', (err) => reject(new Error(`git could not be started (${(err as NodeJS.ErrnoException).code})`)));
    tar.on('error', (err) => reject(new Error(`tar could not be started (${(err as NodeJS.ErrnoException).code})`)));
    git.on('close', done('git'));
    tar.on('close', done('tar'));
  });
}
