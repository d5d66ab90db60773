import { appLifecycle } from './app-lifecycle.js';
import { authCli } from './auth-cli.js';
import { build } from './build.js';
import { community } from './community.js';
import { configStorage } from './config-storage.js';
import { deploy } from './deploy.js';
import { proxy } from './proxy.js';
import { receive } from './receive.js';
import { release } from './release.js';
import { scheduler } from './scheduler.js';
import type { ArgTuple, Kind, TriggerSpec } from './types.js';

/** The registry by phase, in pipeline order; each phase file holds the entries (add new ones there). */
export const phases = [
  { title: 'Auth, CLI and plugin management', triggers: authCli },
  { title: 'App lifecycle', triggers: appLifecycle },
  { title: 'Receive and extract', triggers: receive },
  { title: 'Build', triggers: build },
  { title: 'Release', triggers: release },
  { title: 'Deploy', triggers: deploy },
  { title: 'Scheduler: runs, logs, cron', triggers: scheduler },
  { title: 'Proxy, routing, post-deploy', triggers: proxy },
  { title: 'Config and storage', triggers: configStorage },
  { title: 'Community hook points', triggers: community },
] as const satisfies readonly { title: string; triggers: Record<string, TriggerSpec> }[];

/**
 * Every trigger berth's plugins fire or implement. Docs and `berth plugin:triggers` are generated
 * from this table; the engine's dispatch methods are typed by it.
 */
export const registry = {
  ...authCli,
  ...appLifecycle,
  ...receive,
  ...build,
  ...release,
  ...deploy,
  ...scheduler,
  ...proxy,
  ...configStorage,
  ...community,
} as const satisfies Record<string, TriggerSpec>;

export type Registry = typeof registry;
export type TriggerName = keyof Registry;
export type ArgsOf<N extends string> = N extends TriggerName ? ArgTuple<Registry[N]['args']> : string[];
/** N itself when it is a registered trigger of kind K, otherwise never: a misspelt or unregistered name fails to compile. */
export type OfKind<N extends string, K extends Kind> = N extends TriggerName ? (Registry[N]['kind'] extends K ? N : never) : never;
/** N itself when it is not in the registry: the names `triggers.community(kind, name, …)` takes. */
export type Unregistered<N extends string> = N extends TriggerName ? never : N;
export type CollectResult<N extends string> = N extends TriggerName
  ? Registry[N] extends { shape: 'lines' }
    ? string[]
    : string
  : string;

export function specOf(name: string): TriggerSpec | undefined {
  return Object.prototype.hasOwnProperty.call(registry, name) ? (registry as Record<string, TriggerSpec>)[name] : undefined;
}
