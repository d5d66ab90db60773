/**
 * The shapes plugins and the engine share: contexts, handlers, commands, plugin definitions. The SDK
 * re-exports them; core files import them from here so that nothing in core depends on the SDK barrel.
 */
import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { ArgsOf, TriggerName } from '../triggers/registry.js';
import type { Triggers } from './triggers-api.js';
import type { DispatchContext } from './dispatch-context.js';
import type { DispatchRecord, DispatchStart } from './intercept.js';
import type { Logger } from './logger.js';
import type { Paths } from './paths.js';
import type { PropertyStore } from './properties.js';

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
  /** The context of the running dispatch (the build id), inherited from the dispatch that caused it. */
  readonly dispatch: DispatchContext;
  /** Runs `fn` so that every trigger it fires, and their shell handlers (`BERTH_BUILD_ID`), see `patch`. */
  withContext<T>(patch: DispatchContext, fn: () => T): T;
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
  /** Before the first handler runs. */
  onDispatchStart?(start: DispatchStart): void;
  onDispatch(record: DispatchRecord): void;
  flush?(): void | Promise<void>;
}

export interface PluginDefinition {
  triggers?: TypedTriggerHandlers;
  commands?: Record<string, CommandDefinition>;
  intercept?(ctx: PluginContext): Interceptor | undefined | Promise<Interceptor | undefined>;
}
