import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { BerthError, errors } from './errors.js';
import type { Paths } from './paths.js';
import { isDir, realOr, run } from './plugin-fs.js';
import { assertPluginName } from './validate.js';

/** plugn's update outcome: a message for stdout and the exit code that goes with it. */
export interface UpdateResult {
  exit: number;
  message: string;
  /** The code changed, so the caller fires the `update` trigger. */
  updated: boolean;
}

/**
 * `update NAME [committish]`: pull, or fetch and pin to a commit/tag/branch (kept in .plugin_committish).
 * The repository is trusted per git invocation (`-c safe.directory=…`), never in the global git config.
 */
export async function update(paths: Paths, name: string | undefined, committish?: string): Promise<UpdateResult> {
  const n = assertPluginName(name);
  const dir = path.join(paths.available, n);
  if (!isDir(dir)) return { exit: 1, message: `Plugin (${n}) not installed`, updated: false };
  if (!fs.existsSync(path.join(dir, '.git'))) return { exit: 0, message: `Plugin (${n}) not managed by git`, updated: false };
  const trusted = [...new Set([dir, realOr(dir)])].flatMap((d) => ['-c', `safe.directory=${d}`]);
  const git = (...args: string[]) => run('git', [...trusted, '-C', dir, ...args]);
  const pinFile = path.join(dir, '.plugin_committish');

  if (committish) {
    if (/^-|[\s\0]/.test(committish)) throw errors.invalidValue(`Invalid committish '${committish}'`, 'Give a commit, tag or branch name');
    await git('fetch', '--quiet');
    await git('fetch', '--quiet', '--tags');
    await must(git('checkout', '--quiet', committish), `git checkout ${committish}`);
    await git('pull', '--quiet');
    writeFileAtomic(pinFile, `${committish}\n`, 0o644);
    return { exit: 0, message: `Plugin (${n}) updated and pinned to ${committish}`, updated: true };
  }
  if ((await git('symbolic-ref', '--quiet', 'HEAD')).exitCode !== 0) {
    let pin = fs.existsSync(pinFile) ? fs.readFileSync(pinFile, 'utf8').trim() : '';
    if (!pin) pin = (await git('rev-parse', '--short', 'HEAD')).stdout.trim();
    return { exit: 0, message: `Plugin pinned to ${pin}`, updated: false };
  }
  await must(git('pull', '--quiet'), 'git pull');
  return { exit: 0, message: `Plugin (${n}) updated`, updated: true };
}

async function must(pending: ReturnType<typeof run>, what: string): Promise<void> {
  const r = await pending;
  if (r.exitCode !== 0) throw new BerthError('EXTERNAL', `${what} failed: ${r.stderr.trim()}`, { exitCode: r.exitCode });
}
