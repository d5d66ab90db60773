import fs from 'node:fs';
import path from 'node:path';
import type { GlobalFlags } from '../core/types.js';
import { errors } from '../core/errors.js';

/** Leading global flags, as Dokku accepts them before the command name. */
export function parseGlobalFlags(argv: readonly string[]): { flags: GlobalFlags; rest: string[] } {
  const flags: GlobalFlags = { quiet: false, trace: false, force: false };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quiet') flags.quiet = true;
    else if (a === '--trace') flags.trace = true;
    else if (a === '--force') flags.force = true;
    else if (a === '--app') {
      const v = argv[++i];
      if (!v) throw errors.usage('--app needs an app name');
      flags.app = v;
    } else if (a.startsWith('--app=')) flags.app = a.slice(6);
    else break;
  }
  return { flags, rest: argv.slice(i) };
}

/** Environment names shell plugins read for the same flags. */
export function flagEnv(flags: GlobalFlags): Record<string, string> {
  const env: Record<string, string> = {};
  const global: string[] = [];
  if (flags.quiet) (env.DOKKU_QUIET_OUTPUT = '1'), global.push('--quiet');
  if (flags.trace) (env.DOKKU_TRACE = '1'), global.push('--trace');
  if (flags.force) (env.DOKKU_APPS_FORCE_DELETE = '1'), global.push('--force');
  if (flags.app) (env.DOKKU_APP_NAME = flags.app), global.push(`--app ${flags.app}`);
  env.DOKKU_GLOBAL_FLAGS = global.join(' ');
  return env;
}

/**
 * Dokku's reading of the global flags: every argument is scanned, wherever it stands, so
 * `x:destroy s --force` sets DOKKU_APPS_FORCE_DELETE like `--force x:destroy s`. Every `--x` is
 * recorded in DOKKU_GLOBAL_FLAGS (`--app` without its value); an outer call's list is inherited.
 */
export function dokkuFlagEnv(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  const seen: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quiet') out.DOKKU_QUIET_OUTPUT = '1';
    else if (a === '--trace') out.DOKKU_TRACE = '1';
    else if (a === '--force') out.DOKKU_APPS_FORCE_DELETE = '1';
    else if (a === '--app') {
      out.DOKKU_APP_NAME = argv[i + 1] ?? '';
      seen.push(a);
      i++;
      continue;
    } else if (a.startsWith('--app=')) out.DOKKU_APP_NAME = a.slice('--app='.length);
    if (a.startsWith('--')) seen.push(a);
  }
  out.DOKKU_GLOBAL_FLAGS = env.DOKKU_GLOBAL_FLAGS || seen.join(' ');
  return out;
}

/** `trace:on` leaves Dokku's `$DOKKU_ROOT/.dokkurc/DOKKU_TRACE`; with it (or DOKKU_TRACE set) every command traces. */
export const TRACE_RC = path.join('.dokkurc', 'DOKKU_TRACE');

export function traceFromRc(root: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.DOKKU_TRACE) return true;
  try {
    return /^\s*export\s+DOKKU_TRACE=\S+/m.test(fs.readFileSync(path.join(root, TRACE_RC), 'utf8'));
  } catch {
    return false;
  }
}
