import { GLOBAL, errors, validate, type PluginContext } from '../../sdk/index.js';

/** Properties users set with ps:set, their defaults, and whether they may be set globally. */
export const settable: Record<string, { fallback: string; check(v: string): void }> = {
  'restart-policy': {
    fallback: 'on-failure:10',
    check(v) {
      if (!/^(no|always|unless-stopped|on-failure(:\d{1,4})?)$/.test(v))
        throw errors.invalidValue(`Invalid restart-policy specified: '${v}'`, 'Use no, always, unless-stopped, on-failure or on-failure:N');
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

/** `web=2 worker=1` pairs, validated. */
export function parseScaleArgs(args: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const arg of args) {
    const i = arg.indexOf('=');
    if (i <= 0) throw errors.usage(`Invalid scale argument '${arg}'`, 'Use PROCESS_TYPE=COUNT, e.g. web=2');
    const type = validate.assertProcessType(arg.slice(0, i));
    const count = validate.assertScale(arg.slice(i + 1));
    if (type === 'release') throw errors.invalidValue(`The release process type runs once per release and cannot be scaled`);
    out.set(type, count);
  }
  return out;
}

/**
 * Scale kept in step with the release's process types: types new to the Procfile get their app.json
 * `formation` quantity (else 0; web 1), types already scaled keep their count. Returns the new scale.
 */
export function syncScale(ctx: PluginContext, app: string, types: string[], formation: Record<string, { quantity?: number }> = {}): Map<string, number> {
  const stored = ctx.props.getList(app, 'scale').length > 0;
  const scale = stored ? readScale(ctx, app) : new Map<string, number>();
  for (const type of new Set(['web', ...types, ...Object.keys(formation)])) {
    if (scale.has(type)) continue;
    const q = formation[type]?.quantity;
    scale.set(type, Number.isInteger(q) && q! >= 0 ? q! : type === 'web' ? 1 : 0);
  }
  // The release task runs once per release, never as a dyno.
  scale.delete('release');
  writeScale(ctx, app, scale);
  return scale;
}

/** How many containers the formation asks for in all. */
export function totalScale(scale: Map<string, number>): number {
  return [...scale.values()].reduce((a, b) => a + b, 0);
}
