import { errors, type PluginContext } from '../../sdk/index.js';
import { appContainers } from './docker.js';
import { readSlots } from './state.js';
import { readRetired } from './retired.js';

export async function schedulerIsDeployed(_ctx: PluginContext, scheduler: string, app: string): Promise<void> {
  if (!(await appContainers(app)).length) throw errors.notFound(`App ${app} has no containers`);
}

/** `<COUNT> <true|false|mixed>`: how many deploy containers, and whether all, none or some run. */
export async function schedulerAppStatus(ctx: PluginContext, scheduler: string, app: string, proc?: string): Promise<string | undefined> {
  // Old dynos still draining after a deploy are on their way out: they are not the app's processes.
  const retiring = new Set(readRetired(ctx.paths.data, app).map((m) => m.id));
  const containers = (await appContainers(app, proc || undefined)).filter((c) => !retiring.has(c.Id));
  const running = containers.filter((c) => c.State === 'running').length;
  const state = running === 0 ? 'false' : running === containers.length ? 'true' : 'mixed';
  return `${containers.length} ${state}`;
}

/** `ip:port` upstreams of a process type, from the slot files scheduler-deploy wrote. */
export function networkGetListeners(ctx: PluginContext, app: string, proc: string): string[] {
  return readSlots(ctx, app, proc || 'web')
    .filter((s) => s.ip && s.port)
    .map((s) => `${s.ip}:${s.port}`);
}
