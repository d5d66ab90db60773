import { GLOBAL, errors, validate, type PluginContext } from '../../core/sdk.js';

/** Properties users set with ps:set, their defaults, and whether they may be set globally. */
export const settable: Record<string, { fallback: string; check(v: string): void }> = {
  'restart-policy': {
    fallback: 'on-failure:10',
    check(v) {
      if (!/^(no|always|unless-stopped|on-failure(:\d{1,4})?)$/.test(v))
        throw errors.invalidValue(`Invalid restart policy '${v}'`, 'Use no, always, unless-stopped, on-failure or on-failure:N');
    },
  },
  'stop-timeout-seconds': {
    fallback: '10',
    check(v) {
      if (!/^\d{1,4}$/.test(v)) throw errors.invalidValue(`Invalid stop timeout '${v}': expected whole seconds 0-9999`);
    },
  },
};

/** Deploy state kept per app (never set by users): `deployed`, `restore`, `release-image`, `release-count`. */
export const stateKeys = ['deployed', 'restore', 'release-image', 'release-count'];

export function property(ctx: PluginContext, app: string, key: string): string {
  if (key in settable) return ctx.props.computed(app, key, settable[key].fallback);
  if (key === 'scale') return formatScale(readScale(ctx, app));
  if (key === 'restore') return ctx.props.get(app, key) ?? 'true';
  if (key === 'deployed') return ctx.props.get(app, key) ?? 'false';
  return ctx.props.get(app === GLOBAL ? GLOBAL : app, key) ?? '';
}

export function isDeployed(ctx: PluginContext, app: string): boolean {
  return ctx.props.get(app, 'deployed') === 'true' && !!ctx.props.get(app, 'release-image');
}

/** The formation: property `scale` (`web=1` lines, Dokku's ps/APP/scale); web=1 when nothing is set. */
export function readScale(ctx: PluginContext, app: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of ctx.props.getList(app, 'scale')) {
    const [type, count] = line.split('=');
    if (type && count !== undefined) out.set(type, Number(count));
  }
  if (!out.size) out.set('web', 1);
  return out;
}

export function writeScale(ctx: PluginContext, app: string, scale: Map<string, number>): void {
  ctx.props.setList(app, 'scale', [...scale].map(([t, n]) => `${t}=${n}`));
}

export function formatScale(scale: Map<string, number>): string {
  return [...scale].map(([t, n]) => `${t}=${n}`).join(' ');
}

/** `web=2` pairs, validated; only web can be scaled until Procfile process types arrive. */
export function parseScaleArgs(args: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const arg of args) {
    const i = arg.indexOf('=');
    if (i <= 0) throw errors.usage(`Invalid scale argument '${arg}'`, 'Use PROCESS_TYPE=COUNT, e.g. web=2');
    const type = validate.assertProcessType(arg.slice(0, i));
    const count = validate.assertScale(arg.slice(i + 1));
    if (type !== 'web') throw errors.invalidValue(`Process type '${type}' cannot be scaled: only web is supported for now`);
    out.set(type, count);
  }
  return out;
}
