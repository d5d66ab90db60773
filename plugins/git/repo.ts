import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEnd, ensureEntryScript, errors, writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import { gitArchiveInto, runGit, type GitResult } from './run-git.js';

/** The app directory is its bare repository, as in Dokku. */
export function repoDir(ctx: PluginContext, app: string): string {
  return path.join(ctx.paths.root, app);
}

export function isRepo(ctx: PluginContext, app: string): boolean {
  return fs.existsSync(path.join(repoDir(ctx, app), 'refs'));
}

/**
 * git on an app repo. The repo is the platform's own, so git's ownership check is answered for
 * this one directory on the command line (never in a global config).
 */
export function git(ctx: PluginContext, app: string, args: string[]): Promise<GitResult> {
  return runGit(gitArgs(ctx, app, args));
}

/**
 * git talking to the client directly (receive-pack, upload-pack over SSH); resolves to its exit code.
 * A plain spawn with inherited stdio (argument array, no shell): every millisecond here delays the push.
 */
export function gitServe(ctx: PluginContext, app: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', gitArgs(ctx, app, args), { stdio: 'inherit' });
    child.on('error', (err) => reject(errors.external(`Unable to run git ${args[0]}: ${err.message}`, err)));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
  });
}

function gitArgs(ctx: PluginContext, app: string, args: string[]): string[] {
  const dir = repoDir(ctx, app);
  return ['-c', `safe.directory=${dir}`, `--git-dir=${dir}`, ...args];
}

/** The commit a revision names, or undefined when the repo does not have it. */
export async function resolveCommit(ctx: PluginContext, app: string, rev: string): Promise<string | undefined> {
  if (!rev || rev.startsWith('-')) return undefined;
  const r = await git(ctx, app, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

export async function initRepo(ctx: PluginContext, app: string, branch: string): Promise<void> {
  const r = await runGit(['init', '--quiet', '--bare', `--initial-branch=${branch}`, repoDir(ctx, app)]);
  if (r.exitCode !== 0) throw errors.external(`Unable to create the git repository of ${app}: ${r.stderr.trim() || describeEnd('git', r)}`);
  writeHook(ctx, app);
}

/** The pre-receive hook hands the pushed refs to `berth git-hook APP` through the platform's entry script. */
export function writeHook(ctx: PluginContext, app: string): void {
  const entry = ensureEntryScript(ctx.paths, { ifMissing: true, env: ctx.env });
  // Both values are plain (checked app name, checked entry path), so quoting them is enough.
  const text = `#!/usr/bin/env bash\n# Written by berth: every push goes through the app's deploy.\nexec '${entry}' git-hook '${app}'\n`;
  const file = path.join(repoDir(ctx, app), 'hooks', 'pre-receive');
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    // missing: write it
  }
  writeFileAtomic(file, text, 0o755);
}

/** Point HEAD at the deploy branch, so a clone of the app checks out what is deployed. */
export async function setHead(ctx: PluginContext, app: string, branch: string): Promise<void> {
  if (isRepo(ctx, app)) await git(ctx, app, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
}

/** Extract one commit into DIR: `git archive` piped into `tar -x`, no shell in between. */
export async function extractCommit(ctx: PluginContext, app: string, sha: string, dir: string): Promise<void> {
  try {
    await gitArchiveInto(gitArgs(ctx, app, ['archive', '--format=tar', sha]), dir);
  } catch (err) {
    throw errors.external(`Unable to extract ${app} at ${sha}: ${(err as Error).message.trim()}`, err);
  }
}

/** The repository proper, without the hook (rewritten for the new name). */
const REPO_ENTRIES = ['HEAD', 'config', 'description', 'info', 'objects', 'refs', 'packed-refs', 'branches'];

export function copyRepo(ctx: PluginContext, from: string, to: string): void {
  for (const name of REPO_ENTRIES) {
    const src = path.join(repoDir(ctx, from), name);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(repoDir(ctx, to), name), { recursive: true, force: true, preserveTimestamps: true });
  }
}
