import { errors, validate, type PluginContext } from '../../sdk/index.js';

/** What builder:set accepts; both may be set per app or globally. */
export const settable: Record<string, (value: string) => void> = {
  selected(v) {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(v)) throw errors.invalidName('builder name', v, 'use lowercase letters, digits and "-"');
  },
  'build-dir'(v) {
    validate.assertSafeRelativePath(v, 'build dir');
  },
};

export function property(ctx: PluginContext, app: string, key: string): string {
  return key in settable ? ctx.props.computed(app, key) : (ctx.props.get(app, key) ?? '');
}

export function reportRows(ctx: PluginContext, app: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(settable)) {
    out[`builder-${key}`] = ctx.props.get(app, key) ?? '';
    out[`builder-computed-${key}`] = property(ctx, app, key);
    out[`builder-global-${key}`] = ctx.props.get('--global', key) ?? '';
  }
  out['builder-detected'] = ctx.props.get(app, 'detected') ?? '';
  return out;
}
