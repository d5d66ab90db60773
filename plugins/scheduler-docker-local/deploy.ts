import type Docker from 'dockerode';
import { appConfig, errors, type PluginContext } from '../../sdk/index.js';
import { appContainers, docker, dockerError, imageName, removeContainer, stopContainer } from './docker.js';
import { checksListed, startDyno, type DynoSpec, type Started } from './dyno.js';
import { settlePending } from './recover.js';
import { readSlots, replaceSlots, writePending, type Slot } from './state.js';
import { initProcess, parallelScheduleCount, psProperty, readyTimeoutMs } from './settings.js';

/**
 * scheduler-deploy docker-local APP TAG [PROC]: start the new dynos of every process type next to the
 * old ones, which keep serving until scheduler-retire. web goes first, the other types after it in
 * parallel. Any failure removes every new container and the old ones are untouched.
 */
export async function schedulerDeploy(ctx: PluginContext, scheduler: string, app: string, tag: string, proc?: string): Promise<void> {
  // A deploy killed before this one left slots naming its candidates: they retire with the old dynos.
  await settlePending(ctx, app);
  const ref = imageName(app, tag);
  let image: Docker.ImageInspectInfo;
  try {
    image = await (await docker()).getImage(ref).inspect();
  } catch (err) {
    throw dockerError(`Image ${ref} cannot be deployed`, err);
  }
  const formation = parseFormation(await ctx.triggers.collect('ps-current-scale', app));
  if (!formation.size) formation.set('web', 1);
  const hasProcfile = (await ctx.triggers.gate('procfile-exists', app)).ok;
  const types: [string, number][] = [];
  for (const [type, count] of formation) {
    if (proc && proc !== type) continue;
    const command = (await ctx.triggers.collect('procfile-get-command', app, type, '')).trim();
    if (type !== 'web' && hasProcfile && !command) {
      if (count > 0) ctx.log.warn(`Process type ${type} is not in the Procfile; skipped`);
      continue;
    }
    types.push([type, count]);
  }
  types.sort(([a], [b]) => (a === 'web' ? -1 : b === 'web' ? 1 : a.localeCompare(b)));
  const base = {
    app,
    image: ref,
    env: await configEnv(ctx, app),
    restartPolicy: restartPolicy(await psProperty(ctx, app, 'restart-policy', 'on-failure:10')),
    sourceType: image.Config?.Labels?.['com.dokku.builder-type'] ?? '',
    stopTimeout: Number(await psProperty(ctx, app, 'stop-timeout-seconds', '10')),
    timeoutMs: readyTimeoutMs(ctx, app),
    init: initProcess(ctx, app, image.Config?.Labels ?? {}),
    skipped: (await ctx.triggers.collect('checks-get-property', app, 'skipped')).trim(),
    disabled: (await ctx.triggers.collect('checks-get-property', app, 'disabled')).trim(),
  };
  const started: Started[] = [];
  const retire: string[] = [];
  const previous: Slot[] = [];
  try {
    const deployType = async ([type, count]: [string, number]) => {
      const command = (await ctx.triggers.collect('procfile-get-command', app, type, '')).trim();
      const spec: DynoSpec = { ...base, proc: type, command, port: type === 'web' ? await webPort(ctx, app, image) : undefined };
      const old = await appContainers(app, type);
      previous.push(...readSlots(ctx, app, type));
      retire.push(...old.map((c) => c.Id));
      ctx.log.info1(`Deploying ${type} (count=${count})`);
      if (count > 0 && checksListed(base.disabled, type) && old.length) {
        // Checks disabled: Dokku's behaviour, the old containers go first (downtime, no overlap).
        ctx.log.verbose(`Checks are disabled for ${type}: stopping the old containers first`);
        await Promise.all(old.map((c) => stopContainer(c.Id, base.stopTimeout, false)));
      }
      const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => startDyno(ctx, spec, i + 1)));
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      await ctx.triggers.notify('scheduler-post-deploy-process', app, type);
    };
    const web = types.find(([t]) => t === 'web');
    if (web) await deployType(web);
    await inPool(types.filter(([t]) => t !== 'web'), parallelScheduleCount(ctx, app), deployType);
  } catch (err) {
    await Promise.all(started.map((s) => removeContainer(s.id)));
    throw err;
  }
  // Types scaled to zero (or dropped from the Procfile) lose their containers at retire time.
  const deployed = new Set(types.map(([t]) => t));
  if (!proc) {
    for (const c of await appContainers(app)) {
      const type = c.Labels['com.dokku.process-type'] ?? '';
      if (!deployed.has(type) && !retire.includes(c.Id)) retire.push(c.Id);
    }
    for (const s of readSlots(ctx, app)) if (!deployed.has(s.proc)) previous.push(s);
  }
  writePending(ctx, app, { tag, procs: [...new Set([...deployed, ...previous.map((s) => s.proc)])], created: started.map(({ id, name, final }) => ({ id, name, final })), retire, previous });
  for (const type of new Set([...deployed, ...previous.map((s) => s.proc)]))
    replaceSlots(ctx, app, type, started.filter((s) => s.slot.proc === type).map((s) => s.slot));
}

/**
 * Run `work` over `items`, at most `limit` at a time. After a failure no new item starts, the ones
 * under way finish, and the first failure is thrown.
 */
export async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

export function parseFormation(lines: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_-]*)=(\d+)$/.exec(line.trim());
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

/** The container port: the first non-udp mapping of `ports-get`, else the image's first EXPOSEd tcp port, else 5000. */
async function webPort(ctx: PluginContext, app: string, image: Docker.ImageInspectInfo): Promise<number> {
  const map = await ctx.triggers.collect('ports-get', app);
  for (const token of map.split(/\s+/)) {
    const m = /^([a-z]+):(\d+):(\d+)$/.exec(token);
    if (m && m[1] !== 'udp') return Number(m[3]);
  }
  const exposed = Object.keys(image.Config?.ExposedPorts ?? {}).find((k) => k.endsWith('/tcp'));
  return exposed ? parseInt(exposed, 10) : 5000;
}

async function configEnv(ctx: PluginContext, app: string): Promise<string[]> {
  const map = await appConfig(ctx, app);
  return Object.entries(map)
    .filter(([k]) => k !== 'PORT' && k !== 'DYNO')
    .map(([k, v]) => `${k}=${String(v)}`);
}

export function restartPolicy(value: string): { Name: string; MaximumRetryCount?: number } {
  const [name, retries] = value.split(':');
  return name === 'on-failure' ? { Name: name, MaximumRetryCount: Number(retries ?? 0) } : { Name: name };
}
