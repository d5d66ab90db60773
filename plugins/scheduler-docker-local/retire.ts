import fs from 'node:fs';
import path from 'node:path';
import type { PluginContext } from '../../sdk/index.js';
import { appContainers, docker, dockerError, isNotFound, nameOf, removeContainer, stopContainer } from './docker.js';
import { psProperty } from './settings.js';
import { registerRetired, retireUnowned, spawnRetirer } from './retired.js';
import { clearPending, readPending, readSlots, removeSlot, replaceSlots } from './state.js';

/**
 * scheduler-retire docker-local APP: the proxy switched to the new dynos (core-post-deploy passed),
 * so they take their final names and the old containers are stopped gracefully and removed.
 */
export async function schedulerRetire(ctx: PluginContext, scheduler: string, app: string): Promise<void> {
  const p = readPending(ctx, app);
  if (!p) return removeLeftovers(ctx, app);
  const byName = new Map((await appContainers(app)).map((c) => [nameOf(c), c.Id]));
  for (const c of p.created) {
    const holder = byName.get(c.final);
    if (holder && holder !== c.id) await rename(holder, `${c.final}.${Date.now()}`);
    await rename(c.id, c.final);
  }
  clearPending(ctx, app);
  const keep = new Set(p.created.map((c) => c.id));
  const old = p.retire.filter((id) => !keep.has(id));
  if (!old.length) return;
  const seconds = Number(await psProperty(ctx, app, 'stop-timeout-seconds', '10'));
  registerRetired(ctx, app, old, seconds * 1000);
  const count = `${old.length} old container${old.length > 1 ? 's' : ''}`;
  if (spawnRetirer(ctx, app)) return ctx.log.verbose(`Retiring ${count} in the background (stop timeout ${seconds}s)`);
  ctx.log.verbose(`Shutting down ${count} (stop timeout ${seconds}s)`);
  await retireNow(ctx, app);
}

/** Retire, in this process, what no live worker is retiring; the first failure is reported. */
export async function retireNow(ctx: PluginContext, app: string): Promise<void> {
  const failed = (await retireUnowned(ctx.paths.data, app)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** scheduler-rollback docker-local APP: a later deploy step failed; drop the new dynos, restore the old slots. */
export async function schedulerRollback(ctx: PluginContext, scheduler: string, app: string): Promise<void> {
  const p = readPending(ctx, app);
  if (!p) return;
  // Pending files written before process types existed name one `proc`.
  const procs = p.procs ?? [(p as unknown as { proc: string }).proc];
  for (const proc of procs) replaceSlots(ctx, app, proc, p.previous.filter((s) => s.proc === proc));
  await Promise.all(p.created.map((c) => removeContainer(c.id)));
  clearPending(ctx, app);
}

export async function schedulerStop(ctx: PluginContext, scheduler: string, app: string, remove: string): Promise<void> {
  const containers = await appContainers(app);
  const seconds = Number(await psProperty(ctx, app, 'stop-timeout-seconds', '10'));
  // A stopped app stays stopped, even across a docker restart (`always` would bring it back).
  const d = await docker();
  if (remove !== 'true') await Promise.all(containers.map((c) => d.getContainer(c.Id).update({ RestartPolicy: { Name: 'no' } }).catch(() => undefined)));
  await Promise.all(containers.map((c) => stopContainer(c.Id, seconds, remove === 'true')));
  if (remove !== 'true') return;
  for (const s of readSlots(ctx, app)) removeSlot(ctx, app, s.proc, s.index);
  clearPending(ctx, app);
}

/** After apps:destroy: every container and image of the app goes, and the scheduler's data dir. */
export async function schedulerPostDelete(ctx: PluginContext, scheduler: string, app: string): Promise<void> {
  await Promise.all((await appContainers(app)).map((c) => removeContainer(c.Id)));
  let images: { RepoTags?: string[] }[];
  try {
    images = await (await docker()).listImages({ filters: { reference: [`berth/${app}`] } });
  } catch (err) {
    throw dockerError(`Unable to list the images of ${app}`, err);
  }
  for (const tag of images.flatMap((i) => i.RepoTags ?? []).filter((t) => t.startsWith(`berth/${app}:`))) {
    try {
      await (await docker()).getImage(tag).remove({ force: true });
    } catch (err) {
      if (!isNotFound(err)) throw dockerError(`Unable to remove image ${tag}`, err);
    }
  }
  await (await docker())
    .pruneImages({ filters: { dangling: ['true'], label: [`com.dokku.app-name=${app}`] } })
    .catch(() => undefined);
  fs.rmSync(path.join(ctx.paths.data, app), { recursive: true, force: true });
}

/** Boot restore: finish nothing half-done. An interrupted deploy is rolled back, stray candidates removed. */
export async function schedulerPreRestore(ctx: PluginContext, scheduler: string, app: string): Promise<void> {
  await schedulerRollback(ctx, scheduler, app);
  await retireNow(ctx, app);
  await removeLeftovers(ctx, app);
}

/** Stopped containers of the app that no slot records (killed deploys, displaced names). */
async function removeLeftovers(ctx: PluginContext, app: string): Promise<void> {
  const recorded = new Set(readSlots(ctx, app).map((s) => s.cid));
  const stray = (await appContainers(app)).filter((c) => c.State !== 'running' && !recorded.has(c.Id));
  await Promise.all(stray.map((c) => removeContainer(c.Id)));
}

async function rename(id: string, name: string): Promise<void> {
  try {
    await (await docker()).getContainer(id).rename({ name });
  } catch (err) {
    if (!isNotFound(err)) throw dockerError(`Unable to rename container ${id.slice(0, 12)} to ${name}`, err);
  }
}
