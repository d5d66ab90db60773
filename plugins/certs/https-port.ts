import type { PluginContext } from '../../sdk/index.js';

/** Property `auto-https`: the mapping certs added, so certs:remove takes back only its own. */
const AUTO = 'auto-https';

async function mappings(ctx: PluginContext, app: string): Promise<string[]> {
  return (await ctx.triggers.collect('ports-get', app)).split(/\s+/).filter((m) => m !== '');
}

/** Like Dokku: an app with an http mapping and no https one gets https:443:<container port of the first http>. */
export async function addHttpsMapping(ctx: PluginContext, app: string): Promise<void> {
  const maps = await mappings(ctx, app);
  if (maps.some((m) => m.startsWith('https:'))) return;
  const http = maps.find((m) => m.startsWith('http:'));
  if (!http) return;
  const map = `https:443:${http.split(':')[2]}`;
  await ctx.triggers.notify('ports-add', app, map);
  ctx.props.set(app, AUTO, map);
  ctx.log.verbose(`Added port mapping ${map}`);
}

export async function removeHttpsMapping(ctx: PluginContext, app: string): Promise<void> {
  const map = ctx.props.get(app, AUTO);
  if (!map) return;
  await ctx.triggers.notify('ports-remove', app, map);
  ctx.props.delete(app, AUTO);
  ctx.log.verbose(`Removed port mapping ${map}`);
}
