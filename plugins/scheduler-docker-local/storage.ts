import { errors, type PluginContext } from '../../sdk/index.js';

/**
 * HostConfig.Binds for a container of APP in PHASE (deploy|run), from `storage-app-mounts`: each
 * implementing plugin answers one JSON array of `HOST:CONTAINER[:OPTS]` strings on its own line.
 */
export async function storageBinds(ctx: PluginContext, app: string, phase: 'deploy' | 'run'): Promise<string[]> {
  const out = await ctx.triggers.collect('storage-app-mounts', app, phase);
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((line) => {
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        v = undefined;
      }
      if (!Array.isArray(v) || v.some((b) => typeof b !== 'string')) throw errors.invalidValue(`storage-app-mounts answered something other than a JSON array of strings: ${line.slice(0, 200)}`);
      return v as string[];
    });
}
