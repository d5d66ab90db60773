import crypto from 'node:crypto';
import type Docker from 'dockerode';
import { errors, type PluginContext } from '../../core/sdk.js';
import { appContainers, docker, dockerError, imageName, label, removeContainer } from './docker.js';
import { waitReady } from './readiness.js';
import { readSlots, replaceSlots, writePending, type Slot } from './state.js';
import { psProperty, readyTimeoutMs } from './settings.js';

interface Started {
  id: string;
  name: string;
  final: string;
  slot: Slot;
}

/** scheduler-deploy docker-local APP TAG [PROC]: start the new dynos next to the old ones, which keep serving. */
export async function schedulerDeploy(ctx: PluginContext, scheduler: string, app: string, tag: string, proc?: string): Promise<void> {
  if (scheduler !== 'docker-local') return;
  const ref = imageName(app, tag);
  let image: Docker.ImageInspectInfo;
  try {
    image = await (await docker()).getImage(ref).inspect();
  } catch (err) {
    throw dockerError(`Image ${ref} cannot be deployed`, err);
  }
  const formation = parseFormation(await ctx.triggers.collect('ps-current-scale', app));
  for (const [type, count] of formation)
    if (type !== 'web' && count > 0 && (!proc || proc === type)) ctx.log.warn(`Process type ${type} is not supported by docker-local yet; skipped`);
  if (proc && proc !== 'web') return;
  await deployWeb(ctx, app, tag, image, formation.get('web') ?? (formation.size ? 0 : 1));
}

export function parseFormation(lines: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_-]*)=(\d+)$/.exec(line.trim());
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

async function deployWeb(ctx: PluginContext, app: string, tag: string, image: Docker.ImageInspectInfo, count: number): Promise<void> {
  const old = await appContainers(app, 'web');
  const previous = readSlots(ctx, app, 'web');
  const spec: DynoSpec = {
    app,
    image: imageName(app, tag),
    port: await webPort(ctx, app, image),
    env: await configEnv(ctx, app),
    restartPolicy: restartPolicy(await psProperty(ctx, app, 'restart-policy', 'on-failure:10')),
    stopTimeout: Number(await psProperty(ctx, app, 'stop-timeout-seconds', '10')),
    timeoutMs: readyTimeoutMs(ctx, app),
  };
  ctx.log.info1(`Deploying web (count=${count})`);
  const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => startDyno(ctx, spec, i + 1)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => removeContainer(s.id)));
    throw failed.reason;
  }
  writePending(ctx, app, {
    tag,
    proc: 'web',
    created: started.map(({ id, name, final }) => ({ id, name, final })),
    retire: old.map((c) => c.Id),
    previous,
  });
  replaceSlots(ctx, app, 'web', started.map((s) => s.slot));
}

interface DynoSpec {
  app: string;
  image: string;
  port: number;
  env: string[];
  restartPolicy: { Name: string; MaximumRetryCount?: number };
  stopTimeout: number;
  timeoutMs: number;
}

async function startDyno(ctx: PluginContext, s: DynoSpec, index: number): Promise<Started> {
  const dyno = `web.${index}`;
  const final = `${s.app}.${dyno}`;
  const name = `${final}.upcoming-${crypto.randomBytes(4).toString('hex')}`;
  const portKey = `${s.port}/tcp`;
  const t0 = performance.now();
  let container: Docker.Container;
  try {
    container = await (await docker()).createContainer({
      name,
      Image: s.image,
      // Env travels in the API request body: config values never appear in any process's argv.
      Env: [...s.env, `PORT=${s.port}`, `DYNO=${dyno}`],
      Labels: { berth: '', [label.app]: s.app, [label.proc]: 'web', [label.dyno]: dyno, [label.type]: 'deploy' },
      ExposedPorts: { [portKey]: {} },
      StopTimeout: s.stopTimeout,
      HostConfig: {
        Init: true,
        // A candidate that crashes must stay down (and be removed), not loop: the policy applies once it is ready.
        RestartPolicy: { Name: 'no' },
        PortBindings: { [portKey]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
      },
    });
  } catch (err) {
    throw dockerError(`Unable to create the ${dyno} container`, err);
  }
  try {
    await ctx.triggers.notify('post-container-create', 'app', container.id, s.app, 'deploy', 'web');
    await container.start().catch((err) => {
      throw dockerError(`Unable to start ${dyno}`, err);
    });
    const info = await container.inspect();
    const hostPort = Number(info.NetworkSettings.Ports?.[portKey]?.[0]?.HostPort ?? 0);
    if (!hostPort) throw errors.external(`${dyno} got no host port for ${portKey}`);
    await waitReady({ container, dyno, containerPort: s.port, hostPort, timeoutMs: s.timeoutMs });
    const check = await ctx.triggers.gate('check-deploy', s.app, container.id, 'web', String(hostPort), '127.0.0.1', String(index));
    if (!check.ok) throw check.error ?? errors.external(`check-deploy failed for ${dyno}`);
    await container.update({ RestartPolicy: s.restartPolicy }).catch((err) => {
      throw dockerError(`Unable to set the restart policy of ${dyno}`, err);
    });
    ctx.log.verbose(`${dyno} is listening on 127.0.0.1:${hostPort} (container ${container.id.slice(0, 12)}, ${((performance.now() - t0) / 1000).toFixed(1)}s)`);
    return { id: container.id, name, final, slot: { proc: 'web', index, cid: container.id, ip: '127.0.0.1', port: String(hostPort) } };
  } catch (err) {
    await removeContainer(container.id);
    throw err;
  }
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
  const raw = await ctx.triggers.collect('config-export', app, 'false', 'true', 'json');
  if (!raw.trim()) return [];
  let map: Record<string, unknown>;
  try {
    map = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw errors.external(`config-export returned invalid JSON for ${app}`);
  }
  return Object.entries(map)
    .filter(([k]) => k !== 'PORT' && k !== 'DYNO')
    .map(([k, v]) => `${k}=${String(v)}`);
}

export function restartPolicy(value: string): { Name: string; MaximumRetryCount?: number } {
  const [name, retries] = value.split(':');
  return name === 'on-failure' ? { Name: name, MaximumRetryCount: Number(retries ?? 0) } : { Name: name };
}
