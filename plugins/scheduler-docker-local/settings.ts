import type { PluginContext } from '../../sdk/index.js';

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

/**
 * Whether containers get Docker's init process (`init-process`, app → global → true). Images from
 * linuxserver.io bring their own init, so they go without one unless a value is set.
 */
export function initProcess(ctx: PluginContext, app: string, imageLabels: Record<string, string> = {}): boolean {
  const v = ctx.props.computed(app, 'init-process', '');
  if (v === '') return imageLabels['org.opencontainers.image.vendor'] !== 'linuxserver.io';
  return v !== 'false';
}

/** How many process types besides web deploy at the same time (`parallel-schedule-count`, app → global → 1). */
export function parallelScheduleCount(ctx: PluginContext, app: string): number {
  const v = Number(ctx.props.computed(app, 'parallel-schedule-count', '1'));
  return Number.isInteger(v) && v > 0 ? v : 1;
}
