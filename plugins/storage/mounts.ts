import { errors, validate, type PluginContext } from '../../sdk/index.js';

export type BindMount = validate.BindMount;

/** One list property per app, one Docker bind string per line: a change is one atomic write. */
const PROPERTY = 'mounts';

/** Mounts apply to the phases Dokku gives storage:mount by default; builds never see them. */
export const PHASES = ['deploy', 'run'] as const;

/** BERTH_LIB_ROOT/data/storage, Dokku's /var/lib/dokku/data/storage: this plugin's own data dir. */
export const storageRoot = (ctx: PluginContext): string => ctx.paths.data;

export function readMounts(ctx: PluginContext, app: string): BindMount[] {
  return ctx.props.getList(app, PROPERTY).map((line) => {
    try {
      return validate.parseBindMount(line, storageRoot(ctx));
    } catch (err) {
      throw errors.invalidValue(`The stored mount '${line}' of ${app} is invalid: ${(err as Error).message}`, `Check or remove ${ctx.props.dir}/${app}/${PROPERTY}`);
    }
  });
}

function writeMounts(ctx: PluginContext, app: string, mounts: BindMount[]): void {
  ctx.props.setList(app, PROPERTY, mounts.map(validate.bindString));
}

const sameMount = (a: BindMount, b: BindMount) => a.host === b.host && a.container === b.container;

export function addMount(ctx: PluginContext, app: string, m: BindMount): void {
  const mounts = readMounts(ctx, app);
  if (mounts.some((x) => sameMount(x, m))) throw errors.conflict('Mount path already exists.');
  const taken = mounts.find((x) => x.container === m.container);
  if (taken) throw errors.conflict(`Container path ${m.container} is already mounted from ${taken.host}`, `Unmount it first: berth storage:unmount ${app} ${taken.host}:${taken.container}`);
  writeMounts(ctx, app, [...mounts, m]);
}

export function removeMount(ctx: PluginContext, app: string, m: BindMount): void {
  const mounts = readMounts(ctx, app);
  const rest = mounts.filter((x) => !sameMount(x, m));
  if (rest.length === mounts.length) throw errors.notFound(`Mount path does not exist: ${m.host}:${m.container}`);
  writeMounts(ctx, app, rest);
}

export function mountsFor(ctx: PluginContext, app: string, phase: string): BindMount[] {
  return (PHASES as readonly string[]).includes(phase) ? readMounts(ctx, app) : [];
}

/** Dokku's storage:list --format json shape. */
export const asJson = (mounts: BindMount[]) =>
  JSON.stringify(mounts.map((m) => ({ host_path: m.host, container_path: m.container, volume_options: m.options })));
