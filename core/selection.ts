import { specOf } from '../triggers/registry.js';
import type { Role } from '../triggers/types.js';
import type { PluginRecord } from './discovery.js';
import { isValidAppName } from './validate.js';

/** The implementation of a role one dispatch is meant for. */
export interface Selection {
  role: string;
  name: string;
}

/** A role trigger in Dokku's shape without the implementation (`proxy-build-config APP`): the app's selection decides. */
export interface AppSelection {
  role: Role;
  app: string;
}

/**
 * Role triggers are routed from the trigger and its arguments alone, the same on every path, whether
 * a TS plugin fires it or a shell plugin runs `plugn trigger`: a select trigger's first argument names
 * the implementation; another role trigger is for the implementation selected for its app (one
 * addressed to no single app, like `proxy-clear-config --all`, reaches every implementation).
 */
export function selectionOf(trigger: string, args: readonly string[]): Selection | AppSelection | undefined {
  const spec = specOf(trigger);
  if (!spec?.role) return undefined;
  if (spec.kind === 'select') return { role: spec.role, name: args[0] ?? '' };
  const app = args[spec.args.indexOf('APP')];
  return app !== undefined && isValidAppName(app) ? { role: spec.role, app } : undefined;
}

/** Whether any of these plugins declares an implementation of the role (else there is nothing to route). */
export function declared(plugins: readonly PluginRecord[], role: string): boolean {
  return plugins.some((p) => p.manifest.provides[role] !== undefined);
}

/** A plugin that declares another implementation of the role sits the dispatch out; one that declares none guards itself (broadcast, as Dokku). */
export function passedOver(p: PluginRecord, s: Selection | undefined): boolean {
  if (!s) return false;
  const provided = p.manifest.provides[s.role];
  return provided !== undefined && provided !== s.name;
}
