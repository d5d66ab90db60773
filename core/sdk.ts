/**
 * The public SDK: what built-in and community TS plugins import. Handlers get everything else
 * through their context, which only ever writes the plugin's own state.
 */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { ArgsOf, TriggerName } from '../triggers/registry.js';
import type { Logger } from './logger.js';
import type { Paths } from './paths.js';
import type { PropertyStore } from './properties.js';
import type { Triggers } from './engine.js';
import type { DispatchRecord } from './intercept.js';

export { BerthError, errors } from './errors.js';
export * as validate from './validate.js';
export * as dockerArgs from './docker-args.js';
/** Plugin management (install/enable/…) for the `plugin` plugin; other plugins should not need it. */
export * as pluginAdmin from './plugin-admin.js';
export { registry as triggerRegistry, phases as triggerPhases } from '../triggers/registry.js';
export { GLOBAL } from './properties.js';
export { propertySetCommand, type PropertyCheck } from './property-command.js';
export { writeFileAtomic, readFileOr } from './atomic.js';
export { printReport, reportCommand, reportTrigger, filterVisibleApps, type ReportOptions, type ReportRows } from './report.js';
export { confirmByName } from './confirm.js';
export { describeEnd, type ProcessEnd } from './process-outcome.js';
export { releaseHooks } from './release-hooks.js';
export { appConfig, appConfigEnv } from './app-config.js';
export { parseBuildpackUrl, type BuildpackSource } from './buildpack-url.js';
export type { Logger, Paths, PropertyStore, Triggers, DispatchRecord };
export type { TriggerName, ArgsOf };

export interface GlobalFlags {
  app?: string;
  quiet: boolean;
  trace: boolean;
  force: boolean;
}

/** Who is calling: NAME and FINGERPRINT come from the SSH key's forced command; empty for local use. */
export interface Actor {
  name: string;
  fingerprint: string;
  sshUser: string;
}

export interface PluginContext {
  readonly plugin: string;
  readonly log: Logger;
  /** CONFIG_* values of this plugin's declared keys, keyed by the plain key name. */
  readonly config: Readonly<Record<string, string>>;
  readonly props: PropertyStore;
  readonly paths: Readonly<Paths & { data: string; pluginDir: string }>;
  readonly flags: Readonly<GlobalFlags>;
  readonly actor: Readonly<Actor>;
  readonly triggers: Triggers;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** The environment shell handlers and child processes of this plugin should get. */
  readonly env: NodeJS.ProcessEnv;
  /** Reads what is left of the dispatch's shared stdin stream (the first reader takes it all). */
  readInput(): string;
  /** Another plugin's properties, read-only. */
  readProps(plugin: string): Pick<PropertyStore, 'get' | 'computed' | 'getList' | 'getMap' | 'all' | 'keys' | 'exists'>;
}

export type HandlerResult = void | string | string[] | undefined;
export type TriggerHandler<A extends unknown[] = string[]> = (ctx: PluginContext, ...args: A) => HandlerResult | Promise<HandlerResult>;
export type TypedTriggerHandlers = { [N in TriggerName]?: TriggerHandler<ArgsOf<N>> } & { [name: string]: TriggerHandler<any> | undefined };

export type CommandArgs = ArgumentsCamelCase<Record<string, unknown>> & { _: (string | number)[] };

export interface CommandDefinition {
  /** Positional usage shown in help, e.g. `<app> <key>`. */
  usage?: string;
  builder?: (y: Argv) => Argv;
  /** Commands that take raw argv (like shell subcommands) skip yargs parsing. */
  raw?: boolean;
  handler(ctx: PluginContext, argv: CommandArgs): void | number | Promise<void | number>;
}

export interface Interceptor {
  onDispatch(record: DispatchRecord): void;
  flush?(): void | Promise<void>;
}

export interface PluginDefinition {
  triggers?: TypedTriggerHandlers;
  commands?: Record<string, CommandDefinition>;
  intercept?(ctx: PluginContext): Interceptor | undefined | Promise<Interceptor | undefined>;
}

export function definePlugin<T extends PluginDefinition>(def: T): T {
  return def;
}

export { acquireLock, readLock, isStale, processAlive } from './lock.js';
export type { HeldLock, LockInfo, AcquireOptions } from './lock.js';

/**
 * Validate an app name and check it exists (and that the caller may see it): Dokku's verify_app_name.
 * Existence is answered by whichever plugin implements `app-exists`.
 */
export async function verifyApp(ctx: PluginContext, app: string | undefined): Promise<string> {
  const { assertAppName } = await import('./validate.js');
  const name = assertAppName(app);
  const { errors: e } = await import('./errors.js');
  if (!(await ctx.triggers.gate('app-exists', name)).ok) throw e.appNotFound(name);
  const { filterVisibleApps } = await import('./report.js');
  if (!(await filterVisibleApps(ctx, [name])).length) throw e.appNotFound(name);
  return name;
}

/** The per-app deploy lock file every build/release/deploy path takes. */
export function deployLockFile(ctx: PluginContext, app: string): string {
  return `${ctx.paths.libRoot}/data/apps/${app}/.deploy.lock`;
}

export { lookupUser, platformUser, platformUserName, type SystemUser } from './system-user.js';
export { assertPlainPath, ensureEntryScript, entryScriptPath } from './entry-script.js';
export { mark } from './timeline.js';
