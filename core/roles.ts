import type { Role } from '../triggers/types.js';
import type { PluginContext } from './types.js';

/**
 * The swappable roles: the trigger that names an app's implementation (answered from the role's
 * property, app then global) and the implementation used when none is chosen. The one place that
 * names a default; the builder is detected from the source, a datastore is chosen by its command.
 */
export const roles: Readonly<Record<Role, { detect?: 'scheduler-detect' | 'proxy-type'; default?: string }>> = {
  builder: {},
  scheduler: { detect: 'scheduler-detect', default: 'docker-local' },
  proxy: { detect: 'proxy-type', default: 'nginx' },
  datastore: {},
};

export function roleDefault(role: Role): string {
  return roles[role].default ?? '';
}

/** The implementation of `role` selected for `app`: what the role's detect trigger answers, else the default. */
export async function selectedProvider(ctx: PluginContext, role: 'scheduler' | 'proxy', app: string): Promise<string> {
  const detect = roles[role].detect!;
  return (await ctx.triggers.collect(detect, app)).trim() || roleDefault(role);
}
