import { Engine } from './engine.js';
import type { ModuleImporter } from './module-loader.js';
import type { PluginContext } from './sdk.js';

export interface FreshEngineOptions {
  /** Replaces the module importer (plugin:watch busts the import cache of the plugin under development). */
  importer?: ModuleImporter;
}

/**
 * A new engine over the same platform as the calling plugin. Needed after enable/disable/install,
 * because an engine discovers the enabled plugins once.
 */
export function freshEngine(ctx: PluginContext, o: FreshEngineOptions = {}): Engine {
  const { root, libRoot, pluginPath, available, enabled, configToml, logsDir } = ctx.paths;
  return new Engine({
    paths: { root, libRoot, pluginPath, available, enabled, configToml, logsDir },
    env: ctx.env,
    flags: ctx.flags,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
    importer: o.importer,
    self: ctx.env.SELF,
  });
}

/** Runs `fn` with a fresh engine whose interceptors (the event log) see its dispatches. */
export async function withFreshEngine<T>(ctx: PluginContext, fn: (engine: Engine) => Promise<T>, o: FreshEngineOptions = {}): Promise<T> {
  const engine = freshEngine(ctx, o);
  await engine.loadInterceptors();
  try {
    return await fn(engine);
  } finally {
    await engine.flush();
  }
}
