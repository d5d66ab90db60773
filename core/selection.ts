import { specOf } from '../triggers/registry.js';
import type { PluginRecord } from './discovery.js';

/** The implementation of a role one dispatch is meant for. */
export interface Selection {
  role: string;
  name: string;
}

/**
 * Role triggers keep Dokku's shape (the first argument names the implementation), so the provider
 * is known from the trigger and its arguments alone: the same on every path, whether a TS plugin
 * fires it or a shell plugin runs `plugn trigger`.
 */
export function selectionOf(trigger: string, args: readonly string[]): Selection | undefined {
  const spec = specOf(trigger);
  if (spec?.kind !== 'select' || !spec.role) return undefined;
  return { role: spec.role, name: args[0] ?? '' };
}

/** A plugin that declares another implementation of the role sits the dispatch out; one that declares none guards itself (broadcast, as Dokku). */
export function passedOver(p: PluginRecord, s: Selection | undefined): boolean {
  if (!s) return false;
  const provided = p.manifest.provides[s.role];
  return provided !== undefined && provided !== s.name;
}
