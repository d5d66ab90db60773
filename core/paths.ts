import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileOr } from './atomic.js';
import { lookupUser, platformUserName } from './system-user.js';

/** Every root is overridable by environment so a whole platform can live in a temp dir. */
export interface Paths {
  root: string;
  libRoot: string;
  pluginPath: string;
  available: string;
  enabled: string;
  configToml: string;
  logsDir: string;
}

/**
 * BERTH_DOKKU_COMPAT=1 (e.g. exported from /etc/default/berth) makes Dokku's user and roots the
 * defaults, for hosts moving from Dokku and plugins that hard-code `dokku`, `/home/dokku`, `/var/lib/dokku`.
 */
export function dokkuCompat(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.BERTH_DOKKU_COMPAT ?? '');
}

export function resolvePaths(env: NodeJS.ProcessEnv = process.env): Paths {
  const compat = dokkuCompat(env);
  const root = path.resolve(env.BERTH_ROOT || env.DOKKU_ROOT || (compat ? '/home/dokku' : '/home/berth'));
  const libRoot = path.resolve(env.BERTH_LIB_ROOT || env.DOKKU_LIB_ROOT || env.DOKKU_LIB_PATH || (compat ? '/var/lib/dokku' : '/var/lib/berth'));
  const pluginPath = path.resolve(env.PLUGIN_PATH || path.join(libRoot, 'plugins'));
  return pluginPathsFrom(pluginPath, { root, libRoot, logsDir: path.join(libRoot, 'logs') });
}

export function pluginPathsFrom(pluginPath: string, rest: Pick<Paths, 'root' | 'libRoot' | 'logsDir'>): Paths {
  return {
    ...rest,
    pluginPath,
    available: path.join(pluginPath, 'available'),
    enabled: path.join(pluginPath, 'enabled'),
    configToml: path.join(pluginPath, 'config.toml'),
  };
}

/** berth's entry points (berth, plugn, dokku): dist/core/../../bin when compiled, core/../bin from source. */
export function binDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../../bin', '../bin']) {
    const dir = path.resolve(here, rel);
    if (fs.existsSync(path.join(dir, 'berth'))) return dir;
  }
  return path.resolve(here, '../../bin');
}

/** Dokku's label arguments, so containers a plugin starts carry the platform's label as Dokku's do. */
const LABEL_ARGS = '--label=org.label-schema.schema-version=1.0 --label=org.label-schema.vendor=berth --label=dokku';

/**
 * Every variable Dokku's entry point exports before plugin code runs, with berth's values:
 * the roots, the plugin tree (core plugins live in the same tree), the platform user, exit codes,
 * the outermost pid, logs. `env` is the caller's environment after the rc files were applied;
 * what it already sets (DOCKER_BIN, DOKKU_PID of an outer call, SSH_USER) is kept, as Dokku keeps it.
 */
export function dokkuEnv(paths: Paths, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const user = platformUserName(env);
  const bin = binDir();
  const pathVar = env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  return {
    BERTH_ROOT: paths.root,
    BERTH_LIB_ROOT: paths.libRoot,
    DOKKU_ROOT: paths.root,
    DOKKU_HOST_ROOT: env.DOKKU_HOST_ROOT || paths.root,
    DOKKU_LIB_ROOT: paths.libRoot,
    DOKKU_LOGS_DIR: paths.logsDir,
    DOKKU_LOGS_HOST_DIR: env.DOKKU_LOGS_HOST_DIR || paths.logsDir,
    DOKKU_EVENTS_LOGFILE: env.DOKKU_EVENTS_LOGFILE || path.join(paths.logsDir, 'events.log'),
    PLUGIN_PATH: paths.pluginPath,
    PLUGIN_AVAILABLE_PATH: paths.available,
    PLUGIN_ENABLED_PATH: paths.enabled,
    PLUGIN_CORE_PATH: paths.pluginPath,
    PLUGIN_CORE_AVAILABLE_PATH: paths.available,
    PLUGIN_CORE_ENABLED_PATH: paths.enabled,
    DOKKU_NOT_IMPLEMENTED_EXIT: '10',
    DOKKU_VALID_EXIT: '0',
    DOKKU_API_VERSION: '1',
    DOKKU_PID: env.DOKKU_PID || String(process.pid),
    DOKKU_SYSTEM_USER: user,
    DOKKU_SYSTEM_GROUP: env.BERTH_SYSTEM_GROUP || groupOf(user),
    DOCKER_BIN: env.DOCKER_BIN || 'docker',
    DOKKU_DISTRO: env.DOKKU_DISTRO || distro(),
    DOKKU_CONTAINER_LABEL: 'dokku',
    DOKKU_GLOBAL_BUILD_ARGS: LABEL_ARGS,
    DOKKU_GLOBAL_RUN_ARGS: LABEL_ARGS,
    SSH_USER: env.SSH_USER || os.userInfo().username,
    SSH_NAME: env.SSH_NAME || env.NAME || 'default',
    // `dokku …` and `plugn trigger …` inside a plugin reach this berth, first on PATH
    PATH: pathVar.split(':').includes(bin) ? pathVar : `${bin}:${pathVar}`,
  };
}

/** The platform user's primary group, from /etc/group; the user's own name when it has no account here. */
function groupOf(user: string): string {
  const account = lookupUser(user);
  if (!account) return user;
  for (const line of readFileOr('/etc/group', '').split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && Number(f[2]) === account.gid) return f[0]!;
  }
  return user;
}

function distro(): string {
  return /^ID="?([^"\n]*)"?$/m.exec(readFileOr('/etc/os-release', ''))?.[1] ?? '';
}
