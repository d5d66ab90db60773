import path from 'node:path';

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

export function resolvePaths(env: NodeJS.ProcessEnv = process.env): Paths {
  const root = path.resolve(env.BERTH_ROOT || env.DOKKU_ROOT || '/home/berth');
  const libRoot = path.resolve(env.BERTH_LIB_ROOT || env.DOKKU_LIB_ROOT || '/var/lib/berth');
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

/** Dokku's variable names for the same roots, so existing shell plugins run unchanged. */
export function dokkuEnv(paths: Paths): Record<string, string> {
  return {
    BERTH_ROOT: paths.root,
    BERTH_LIB_ROOT: paths.libRoot,
    DOKKU_ROOT: paths.root,
    DOKKU_HOST_ROOT: paths.root,
    DOKKU_LIB_ROOT: paths.libRoot,
    DOKKU_LOGS_DIR: paths.logsDir,
    PLUGIN_PATH: paths.pluginPath,
    PLUGIN_AVAILABLE_PATH: paths.available,
    PLUGIN_ENABLED_PATH: paths.enabled,
    PLUGIN_CORE_PATH: paths.pluginPath,
    PLUGIN_CORE_AVAILABLE_PATH: paths.available,
    PLUGIN_CORE_ENABLED_PATH: paths.enabled,
    DOKKU_NOT_IMPLEMENTED_EXIT: '10',
    DOKKU_VALID_EXIT: '0',
    DOKKU_API_VERSION: '1',
  };
}
