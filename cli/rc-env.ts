import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { errors } from '../core/errors.js';

/** Host-wide rc files, read before the roots are known (they may set BERTH_ROOT, DOKKU_ROOT, BERTH_SYSTEM_USER). */
export const HOST_RC_FILES = ['/etc/default/dokku', '/etc/default/berth'];

/** Variables bash sets by itself; they are not configuration. */
const SHELL_OWN = new Set(['_', 'PWD', 'OLDPWD', 'SHLVL', 'BASHOPTS', 'SHELLOPTS']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The root's rc files in Dokku's order (dokkurc, then .dokkurc/*), then berth's own names in the same order. */
export function rootRcFiles(root: string): string[] {
  const files: string[] = [];
  for (const [single, dir] of [['dokkurc', '.dokkurc'], ['berthrc', '.berthrc']]) {
    const file = path.join(root, single);
    if (fs.existsSync(file)) files.push(file);
    files.push(...dirEntries(path.join(root, dir)));
  }
  return files;
}

function dirEntries(dir: string): string[] {
  try {
    // bash's glob order for `dir/*`: dot files skipped, sorted in the C locale
    return fs.readdirSync(dir).filter((n) => !n.startsWith('.')).sort().map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

const cache = new Map<string, Record<string, string>>();

/**
 * The variables the rc files export, as a shell that sources them in order sees them. Only
 * exported names count (Dokku's plugins see only those). No file, no process: bash runs once per
 * distinct file list per berth process. File names are passed as arguments, never spliced into the script.
 */
export function rcExports(files: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const present = files.filter((f) => fs.existsSync(f));
  if (!present.length) return {};
  const key = present.join('\0');
  const hit = cache.get(key);
  if (hit) return hit;
  for (const f of present) {
    try {
      fs.accessSync(f, fs.constants.R_OK);
    } catch {
      throw errors.invalidValue(`Unable to read ${f} for sourcing`);
    }
  }
  const script = 'for f in "$@"; do . "$f" || { echo "Unable to source $f" >&2; exit 1; }; done; env -0';
  const r = spawnSync('bash', ['-c', script, 'berth-rc', ...present], { env, encoding: 'buffer', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw errors.external(`Unable to run bash to source ${present.join(', ')}`, r.error);
  if (r.status !== 0) throw errors.invalidValue(`Sourcing ${present.join(', ')} failed: ${r.stderr.toString().trim() || `exit ${r.status}`}`);
  const out: Record<string, string> = {};
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    const value = entry.slice(eq + 1);
    if (!NAME.test(name) || SHELL_OWN.has(name) || env[name] === value) continue;
    out[name] = value;
  }
  cache.set(key, out);
  return out;
}

/** Source `files` and merge their exports into `env` (process.env by default), so in-process plugins see them too. */
export function applyRc(files: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const exported = rcExports(files, env);
  Object.assign(env, exported);
  return exported;
}
