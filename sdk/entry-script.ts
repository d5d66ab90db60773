import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../core/atomic.js';
import { errors } from '../core/errors.js';
import type { Paths } from '../core/paths.js';
import { platformUserName } from '../core/system-user.js';

/**
 * Paths that end up unquoted in sshd's forced command (`cat ROOT/.sshcommand` is word-split by the
 * login shell) and in git hooks must be plain: no blanks, quotes, globs or shell syntax.
 */
const PLAIN_PATH = /^\/[A-Za-z0-9._/+@,:=-]*$/;

export function assertPlainPath(p: string, what: string): string {
  if (!PLAIN_PATH.test(p))
    throw errors.invalidValue(`The ${what} '${p}' cannot be used by SSH and git hooks`, 'Use an absolute path of letters, digits and . _ / + @ , : = - only');
  return p;
}

/** The SSH forced command and git hooks run this script; it knows the roots and which berth to run. */
export function entryScriptPath(paths: Pick<Paths, 'libRoot'>): string {
  return path.join(paths.libRoot, 'bin', 'berth-entry');
}

/** bin/berth of this installation (sources sit in core/, the build in dist/core/). */
export function berthBinary(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, path.basename(path.dirname(here)) === 'dist' ? '../../bin/berth' : '../bin/berth');
}

// The values are read from the .paths file beside the script, one per line, never evaluated.
const SCRIPT = `#!/usr/bin/env bash
# berth's entry for SSH forced commands and git hooks: set the platform roots, then run berth.
set -e
{ IFS= read -r BERTH_ROOT && IFS= read -r BERTH_LIB_ROOT && IFS= read -r PLUGIN_PATH && IFS= read -r BERTH_SYSTEM_USER && IFS= read -r node && IFS= read -r berth; } <"\${BASH_SOURCE[0]}.paths"
export BERTH_ROOT BERTH_LIB_ROOT PLUGIN_PATH BERTH_SYSTEM_USER
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" ;; esac
# Over SSH the login shell already split SSH_ORIGINAL_COMMAND into our argv; berth splits it again
# properly, so the words (config values among them) are dropped here instead of lingering in argv.
if [ -n "\${SSH_ORIGINAL_COMMAND+set}" ]; then exec "$node" "$berth"; fi
exec "$node" "$berth" "$@"
`;

/**
 * Write the entry script and its .paths file (unchanged files are not touched, so a platform user
 * that cannot write there still passes). `ifMissing` leaves an existing script alone.
 */
export function ensureEntryScript(paths: Paths, o: { ifMissing?: boolean; node?: string; berth?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const file = assertPlainPath(entryScriptPath(paths), 'entry script path');
  if (o.ifMissing && fs.existsSync(file) && fs.existsSync(`${file}.paths`)) return file;
  const values = [paths.root, paths.libRoot, paths.pluginPath, platformUserName(o.env), o.node ?? process.execPath, o.berth ?? berthBinary()];
  for (const v of values) if (/[\n\0]/.test(v)) throw errors.invalidValue(`The path '${v}' contains a newline`);
  writeIfChanged(`${file}.paths`, values.join('\n') + '\n', 0o644);
  writeIfChanged(file, SCRIPT, 0o755);
  return file;
}

function writeIfChanged(file: string, text: string, mode: number): void {
  try {
    if (fs.readFileSync(file, 'utf8') === text && (fs.statSync(file).mode & 0o777) === mode) return;
  } catch {
    // missing: write it
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  writeFileAtomic(file, text, mode);
}
