import { GLOBAL, errors, type PluginContext } from '../../sdk/index.js';

/** The scheduler apps get when neither they nor the global default name one. */
export const DEFAULT_SCHEDULER = 'docker-local';

/** What scheduler:set accepts, per app or globally. */
export const settable: Record<string, (value: string) => void> = {
  selected(v) {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(v)) throw errors.invalidName('scheduler name', v, 'use lowercase letters, digits and "-"');
  },
  shell(v) {
    if (!/^[A-Za-z0-9_./-]{1,200}$/.test(v)) throw errors.invalidValue(`Invalid shell '${v}': expected a command name or path`);
  },
};

const fallback: Record<string, string> = { selected: DEFAULT_SCHEDULER, shell: '' };

export function computed(ctx: PluginContext, app: string, key: string): string {
  return ctx.props.computed(app, key, fallback[key] ?? '');
}

export function appRows(ctx: PluginContext, app: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(settable)) {
    out[`scheduler-computed-${key}`] = computed(ctx, app, key);
    out[`scheduler-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
    out[`scheduler-${key}`] = ctx.props.get(app, key) ?? '';
  }
  return out;
}

export function globalRows(ctx: PluginContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(settable)) {
    out[`scheduler-computed-${key}`] = ctx.props.get(GLOBAL, key) || fallback[key]!;
    out[`scheduler-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
  }
  return out;
}
