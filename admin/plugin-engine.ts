import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../core/engine.js';
import { defaultImporter, type ModuleImporter } from '../core/module-loader.js';
import type { PluginContext } from '../core/types.js';

export interface FreshEngineOptions {
  /** A plugin whose module is imported afresh (plugin:watch, after its files changed). */
  reload?: string;
}

let generation = 0;

/** tsx imports each .ts afresh already; compiled .js of the reloaded plugin gets a new URL. */
function reloadingImporter(dir: string): ModuleImporter {
  const stamp = `${process.pid}-${++generation}`;
  return (file) =>
    file.startsWith(dir + path.sep) && !/\.[cm]?ts$/.test(file) ? import(`${pathToFileURL(file).href}?reload=${stamp}`) : defaultImporter(file);
}

/**
 * A new engine over the same platform as the calling plugin. Needed after enable/disable/install,
 * because an engine discovers the enabled plugins once.
 */
export async function freshEngine(ctx: PluginContext, o: FreshEngineOptions = {}): Promise<Engine> {
  const { Engine } = await import('../core/engine.js');
  const { root, libRoot, pluginPath, available, enabled, configToml, logsDir } = ctx.paths;
  return new Engine({
    paths: { root, libRoot, pluginPath, available, enabled, configToml, logsDir },
    env: ctx.env,
    flags: ctx.flags,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
    importer: o.reload ? reloadingImporter(path.join(enabled, o.reload)) : undefined,
    self: ctx.env.SELF,
  });
}

/** Runs `fn` with a fresh engine whose interceptors (the event log) see its dispatches. */
export async function withFreshEngine<T>(ctx: PluginContext, fn: (engine: Engine) => Promise<T>, o: FreshEngineOptions = {}): Promise<T> {
  const engine = await freshEngine(ctx, o);
  await engine.loadInterceptors();
  try {
    return await fn(engine);
  } finally {
    await engine.flush();
  }
}
