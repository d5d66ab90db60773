import type Docker from 'dockerode';
import { errors, type PluginContext } from '../../sdk/index.js';
import { docker, dockerError, isNotFound, label, nameOf } from './docker.js';
import { printLogs } from './logs.js';

/** The app's one-off containers (`run`, `run:detached`), running or not. */
export async function runContainers(app: string): Promise<Docker.ContainerInfo[]> {
  return (await docker()).listContainers({ all: true, filters: { label: [`${label.app}=${app}`, `${label.type}=run`] } });
}

/** One of the app's one-off containers by name (or id prefix); any other container is refused. */
async function runContainer(app: string, name: string): Promise<Docker.ContainerInfo> {
  const pick = (await runContainers(app)).find((c) => nameOf(c) === name || (name.length >= 12 && c.Id.startsWith(name)));
  if (!pick) throw errors.notFound(`No one-off container ${name} of ${app}`, `See: run:list ${app}`);
  return pick;
}

/** `--num=N`, `--tail`, `--quiet` and at most one container name. */
function parseArgs(args: string[]): { name?: string; num: number; follow: boolean; pretty: boolean } {
  const o = { name: undefined as string | undefined, num: 0, follow: false, pretty: true };
  for (const a of args) {
    if (a.startsWith('--num=')) o.num = Number(a.slice(6)) || 0;
    else if (a === '--tail') o.follow = true;
    else if (a === '--quiet') o.pretty = false;
    else if (a.startsWith('--')) throw errors.usage(`Unknown run:logs option '${a}'`);
    else if (o.name) throw errors.usage('run:logs takes at most one container name');
    else o.name = a;
  }
  return o;
}

/** scheduler-run-logs docker-local APP [CONTAINER] [--num=N] [--tail] [--quiet]: output of the app's one-off containers. */
export async function schedulerRunLogs(ctx: PluginContext, scheduler: string, app: string, ...args: string[]): Promise<void> {
  const o = parseArgs(args);
  const containers = o.name ? [await runContainer(app, o.name)] : await runContainers(app);
  if (!containers.length) throw errors.notFound(`App ${app} has no one-off containers`, `Start one with: run:detached ${app} <cmd>`);
  await printLogs(ctx, containers, { follow: o.follow, pretty: o.pretty, num: o.num });
}

/** scheduler-run-stop docker-local APP CONTAINER: stop one of the app's one-off containers (SIGTERM, SIGKILL after 10 s). */
export async function schedulerRunStop(ctx: PluginContext, scheduler: string, app: string, ...args: string[]): Promise<void> {
  const [name] = args;
  if (!name || args.length > 1) throw errors.usage('Usage: berth run:stop <app> <container>', `See: run:list ${app}`);
  const c = await runContainer(app, name);
  ctx.log.info1(`Stopping ${nameOf(c)}`);
  try {
    await (await docker()).getContainer(c.Id).stop({ t: 10 });
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code !== 304 && !isNotFound(err)) throw dockerError(`Unable to stop ${nameOf(c)}`, err);
  }
}
