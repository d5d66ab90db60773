import fs from 'node:fs';
import path from 'node:path';
import { BerthError } from '../core/errors.js';
import type { Paths } from '../core/paths.js';
import { installPluginDependencies, linkSdk } from './plugin-deps.js';
import { isDir, realOr, run } from './plugin-fs.js';
import { assertCommittish } from './plugin-install.js';
import { assertPluginName } from '../core/validate.js';

/** plugn's update outcome: a message for stdout and the exit code that goes with it. */
export interface UpdateResult {
  exit: number;
  message: string;
  /** The code changed, so the caller fires the `update` trigger. */
  updated: boolean;
}

export interface UpdateOptions {
  /** Reinstall the production npm dependencies of a plugin with a package.json (the CLI does; plugn does not). */
  npmDependencies?: boolean;
}

/**
 * `update NAME [committish]`: pull, or fetch and pin to a commit/tag/branch (kept in .plugin_committish).
 * The work happens in a copy that replaces the plugin only once git and npm succeeded.
 * The repository is trusted per git invocation (`-c safe.directory=…`), never in the global git config.
 */
export async function update(paths: Paths, name: string | undefined, committish?: string, o: UpdateOptions = {}): Promise<UpdateResult> {
  const n = assertPluginName(name);
  const dir = path.join(paths.available, n);
  if (!isDir(dir)) return { exit: 1, message: `Plugin (${n}) not installed`, updated: false };
  if (!fs.existsSync(path.join(dir, '.git'))) return { exit: 0, message: `Plugin (${n}) not managed by git`, updated: false };
  if (committish !== undefined) assertCommittish(committish);
  if (!committish && (await gitIn(dir)('symbolic-ref', '--quiet', 'HEAD')).exitCode !== 0) {
    const pinFile = path.join(dir, '.plugin_committish');
    let pin = fs.existsSync(pinFile) ? fs.readFileSync(pinFile, 'utf8').trim() : '';
    if (!pin) pin = (await gitIn(dir)('rev-parse', '--short', 'HEAD')).stdout.trim();
    return { exit: 0, message: `Plugin pinned to ${pin}`, updated: false };
  }
  // A linked plugin (a developer's checkout) is updated where it is; an installed one in a copy.
  if (fs.lstatSync(dir).isSymbolicLink()) {
    const message = await updateIn(dir, n, committish);
    if (o.npmDependencies) await installPluginDependencies(n, dir);
    return { exit: 0, message, updated: true };
  }
  const stage = path.join(paths.available, `.update-${n}-${process.pid}-${Date.now().toString(36)}`);
  try {
    fs.cpSync(dir, stage, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    const message = await updateIn(stage, n, committish);
    if (o.npmDependencies) {
      await installPluginDependencies(n, stage);
      linkSdk(paths);
    }
    const old = `${stage}.old`;
    fs.renameSync(dir, old);
    fs.renameSync(stage, dir);
    fs.rmSync(old, { recursive: true, force: true });
    return { exit: 0, message, updated: true };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

async function updateIn(dir: string, n: string, committish?: string): Promise<string> {
  const git = gitIn(dir);
  if (!committish) {
    await must(git('pull', '--quiet'), 'git pull');
    return `Plugin (${n}) updated`;
  }
  await git('fetch', '--quiet');
  await git('fetch', '--quiet', '--tags');
  await must(git('checkout', '--quiet', committish, '--'), `git checkout ${committish}`);
  await git('pull', '--quiet');
  fs.writeFileSync(path.join(dir, '.plugin_committish'), `${committish}\n`, { mode: 0o644 });
  return `Plugin (${n}) updated and pinned to ${committish}`;
}

function gitIn(dir: string) {
  const trusted = [...new Set([dir, realOr(dir)])].flatMap((d) => ['-c', `safe.directory=${d}`]);
  return (...args: string[]) => run('git', [...trusted, '-C', dir, ...args]);
}

async function must(pending: ReturnType<typeof run>, what: string): Promise<void> {
  const r = await pending;
  if (r.exitCode !== 0) throw new BerthError('EXTERNAL', `${what} failed: ${r.stderr.trim()}`, { exitCode: r.exitCode });
}
