import type { PluginContext } from '../../sdk/index.js';
import { appContainers, nameOf, removeContainer } from './docker.js';
import { readRetired, retireUnowned } from './retired.js';
import { clearPending, readPending, readSlots, replaceSlots } from './state.js';

/**
 * A deploy killed half-way (kill -9, power loss) leaves a pending record whose slot files may already
 * name its candidates. Settle it: back to the previous dynos while they all still run (the release
 * that was serving), else keep what the slot files name. True when the slot files changed.
 * Callers hold the app's deploy lock, so no live deploy owns the record.
 */
export async function settlePending(ctx: PluginContext, app: string): Promise<boolean> {
  const p = readPending(ctx, app);
  if (!p) return false;
  const running = new Set((await appContainers(app)).filter((c) => c.State === 'running').map((c) => c.Id));
  const procs = p.procs ?? [(p as unknown as { proc: string }).proc];
  const back = p.previous.length > 0 && p.previous.every((s) => running.has(s.cid));
  const before = JSON.stringify(readSlots(ctx, app));
  if (back) for (const proc of procs) replaceSlots(ctx, app, proc, p.previous.filter((s) => s.proc === proc));
  clearPending(ctx, app);
  const changed = JSON.stringify(readSlots(ctx, app)) !== before;
  if (changed) ctx.log.verbose(`An interrupted deploy of ${app} was rolled back to the dynos that were serving`);
  return changed;
}

/**
 * Deploy containers of the app that no slot file names: candidates of dead deploys, displaced old dynos.
 * Old dynos queued for retirement (DATA/APP/retired/<id>) are left to their drain.
 */
export async function orphanContainers(ctx: PluginContext, app: string): Promise<{ id: string; name: string }[]> {
  const known = new Set([...readSlots(ctx, app).map((s) => s.cid), ...readRetired(ctx.paths.data, app).map((m) => m.id)]);
  return (await appContainers(app)).filter((c) => !known.has(c.Id)).map((c) => ({ id: c.Id, name: nameOf(c) }));
}

/**
 * scheduler-recover docker-local APP (ps:retire): settle an interrupted deploy, point the proxy back at
 * the recorded dynos when that changed them, and only then remove every orphan container.
 */
export async function schedulerRecover(ctx: PluginContext, scheduler: string, app: string): Promise<void> {
  if (await settlePending(ctx, app)) await ctx.triggers.notify('proxy-build-config', app);
  // Old dynos whose retire worker died (kill -9, reboot) are finished here, drained like the worker would.
  const stuck = (await retireUnowned(ctx.paths.data, app)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (stuck) throw stuck.reason;
  const orphans = await orphanContainers(ctx, app);
  for (const o of orphans) ctx.log.verbose(`Removing orphan container ${o.name} (${o.id.slice(0, 12)})`);
  await Promise.all(orphans.map((o) => removeContainer(o.id)));
  if (!orphans.length) ctx.log.verbose(`No orphan containers for ${app}`);
}
