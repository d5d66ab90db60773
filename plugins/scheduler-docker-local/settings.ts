import type { PluginContext } from '../../core/sdk.js';

/** A ps property (restart policy, stop timeout) through the ps plugin's trigger, with the default when unset. */
export async function psProperty(ctx: PluginContext, app: string, key: string, fallback: string): Promise<string> {
  const v = await ctx.triggers.collect('ps-get-property', app, key);
  return v.trim() || fallback;
}

/** How long a new dyno may take to listen: property `ready-timeout-seconds` (app → global → 30). */
export function readyTimeoutMs(ctx: PluginContext, app: string): number {
  const v = Number(ctx.props.computed(app, 'ready-timeout-seconds', '30'));
  return (Number.isFinite(v) && v > 0 ? v : 30) * 1000;
}
