import { specOf } from '../triggers/registry.js';
import type { Kind } from '../triggers/types.js';

export interface HandlerRecord {
  plugin: string;
  kind: 'shell' | 'ts';
  durationMs: number;
  exit: number;
}

/** What the core tells interceptors when a dispatch starts, before any handler runs. */
export interface DispatchStart {
  trigger: string;
  kind: Kind | 'raw';
  args: readonly string[];
  app?: string;
  buildId?: string;
  actor: { name: string; fingerprint: string };
}

/** What the core tells interceptors about every finished dispatch. */
export interface DispatchRecord extends DispatchStart {
  handlers: HandlerRecord[];
  durationMs: number;
  exit: number;
}

export function dispatchStart(trigger: string, kind: Kind | 'raw', args: readonly string[], buildId: string | undefined, actor: { name: string; fingerprint: string }): DispatchStart {
  const appIndex = specOf(trigger)?.args.findIndex((a) => a === 'APP' || a === 'APP?') ?? -1;
  return { trigger, kind, args, app: appIndex >= 0 ? args[appIndex] : undefined, buildId: buildId || undefined, actor: { name: actor.name, fingerprint: actor.fingerprint } };
}
