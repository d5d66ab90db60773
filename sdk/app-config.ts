import { errors } from '../core/errors.js';
import type { PluginContext } from '../core/types.js';

/**
 * An app's config as a map, from whichever plugin answers `config-export` (JSON format). `merged`
 * adds the global values under the app's own, as containers see them.
 */
export async function appConfig(ctx: PluginContext, app: string, o: { merged?: boolean } = {}): Promise<Record<string, string>> {
  const raw = (await ctx.triggers.collect('config-export', app, 'false', o.merged === false ? 'false' : 'true', 'json')).trim();
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    throw errors.external(`config-export returned invalid JSON for ${app}`);
  }
}

/** The same as `K=V` entries for the Docker API's Env (never argv). */
export async function appConfigEnv(ctx: PluginContext, app: string): Promise<string[]> {
  return Object.entries(await appConfig(ctx, app)).map(([k, v]) => `${k}=${String(v)}`);
}
