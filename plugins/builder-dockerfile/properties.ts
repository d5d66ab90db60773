import { errors, validate, type PluginContext } from '../../sdk/index.js';

export const settable: Record<string, { fallback: string; check(v: string): void }> = {
  'dockerfile-path': {
    fallback: 'Dockerfile',
    check: (v) => void validate.assertSafeRelativePath(v, 'Dockerfile path'),
  },
  'build-args-from-config': {
    fallback: 'false',
    check(v) {
      if (v !== 'true' && v !== 'false') throw errors.invalidValue(`Invalid value '${v}' for build-args-from-config: use true or false`);
    },
  },
};

export function property(ctx: PluginContext, app: string, key: string): string {
  return ctx.props.computed(app, key, settable[key]?.fallback ?? '');
}
