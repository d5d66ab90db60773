/** The one error catalogue. Every failure a user can see is built here; bin/ maps them to exit codes. */
export type ErrorCode =
  | 'USAGE'
  | 'INVALID_NAME'
  | 'INVALID_VALUE'
  | 'MANIFEST_INVALID'
  | 'PLUGIN_NOT_FOUND'
  | 'PLUGIN_EXISTS'
  | 'PLUGIN_INCOMPATIBLE'
  | 'PLUGIN_ESSENTIAL'
  | 'PLUGIN_LOAD_FAILED'
  | 'TRIGGER_FAILED'
  | 'HANDLER_THREW'
  | 'UNKNOWN_COMMAND'
  | 'APP_NOT_FOUND'
  | 'APP_EXISTS'
  | 'LOCKED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DENIED'
  | 'EXTERNAL'
  | 'DOCKER_UNREACHABLE'
  | 'NO_SPACE';

export interface ErrorInit {
  hint?: string;
  exitCode?: number;
  plugin?: string;
  trigger?: string;
  cause?: unknown;
}

const BRAND = Symbol.for('berth.error');

function attribute(err: BerthError, plugin: string, trigger: string): BerthError {
  const e = err as { plugin?: string; trigger?: string };
  e.plugin ??= plugin;
  e.trigger ??= trigger;
  return err;
}

export class BerthError extends Error {
  /**
   * Community TS plugins loaded with tsx get their own copy of this module, so their errors are not
   * `instanceof` this class; the registered symbol recognises every copy.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly exitCode: number;
  readonly plugin?: string;
  readonly trigger?: string;

  constructor(code: ErrorCode, message: string, init: ErrorInit = {}) {
    super(init.plugin ? `[${init.plugin}] ${message}` : message, { cause: init.cause });
    this.name = 'BerthError';
    this.code = code;
    this.hint = init.hint;
    this.exitCode = init.exitCode ?? defaultExit[code];
    this.plugin = init.plugin;
    this.trigger = init.trigger;
  }
}

const defaultExit: Record<ErrorCode, number> = {
  USAGE: 1,
  INVALID_NAME: 1,
  INVALID_VALUE: 1,
  MANIFEST_INVALID: 1,
  PLUGIN_NOT_FOUND: 1,
  PLUGIN_EXISTS: 1,
  PLUGIN_INCOMPATIBLE: 1,
  PLUGIN_ESSENTIAL: 1,
  PLUGIN_LOAD_FAILED: 1,
  TRIGGER_FAILED: 1,
  HANDLER_THREW: 1,
  UNKNOWN_COMMAND: 1,
  APP_NOT_FOUND: 20,
  APP_EXISTS: 1,
  LOCKED: 1,
  NOT_FOUND: 1,
  CONFLICT: 1,
  DENIED: 1,
  EXTERNAL: 1,
  // sysexits.h: EX_UNAVAILABLE, EX_IOERR
  DOCKER_UNREACHABLE: 69,
  NO_SPACE: 74,
};

export const errors = {
  usage: (message: string, hint?: string) => new BerthError('USAGE', message, { hint }),
  invalidName: (what: string, value: string, rule: string) =>
    new BerthError('INVALID_NAME', `Invalid ${what} '${printable(value)}': ${rule}`),
  invalidValue: (message: string, hint?: string) => new BerthError('INVALID_VALUE', message, { hint }),
  manifest: (file: string, key: string, problem: string) =>
    new BerthError('MANIFEST_INVALID', `${file}: key '${key}' ${problem}`),
  pluginNotFound: (name: string) =>
    new BerthError('PLUGIN_NOT_FOUND', `Plugin '${name}' is not installed`, { hint: "Run 'berth plugin:list' to see installed plugins" }),
  pluginExists: (name: string) => new BerthError('PLUGIN_EXISTS', `Plugin '${name}' is already installed`),
  pluginIncompatible: (name: string, why: string) =>
    new BerthError('PLUGIN_INCOMPATIBLE', `Plugin '${name}' cannot be used: ${why}`),
  pluginEssential: (name: string) =>
    new BerthError('PLUGIN_ESSENTIAL', `Plugin '${name}' is essential to berth and cannot be disabled or removed`),
  pluginLoad: (name: string, why: string, cause?: unknown) =>
    new BerthError('PLUGIN_LOAD_FAILED', `Plugin '${name}' failed to load: ${why}`, { cause }),
  pluginDependencies: (name: string, command: string, exit: number | undefined, output: string) =>
    new BerthError('EXTERNAL', `Plugin ${name}: ${command} failed (exit ${exit ?? 'none'}); the plugin was not installed or changed${output ? `\n${output}` : ''}`, {
      hint: 'Fix the dependency problem shown above (or in the plugin\'s package.json) and run the command again',
    }),
  // The message names the plugin already, so it is attributed without the `[plugin]` prefix.
  triggerFailed: (trigger: string, plugin: string, exitCode: number) =>
    attribute(new BerthError('TRIGGER_FAILED', `Trigger '${trigger}' failed in plugin '${plugin}' (exit ${exitCode})`, { exitCode, trigger }), plugin, trigger),
  /** A handler's own BerthError keeps its message and code and gains the plugin and trigger it came from (the innermost wins). */
  handlerThrew: (trigger: string, plugin: string, cause: unknown) =>
    cause instanceof BerthError
      ? attribute(cause, plugin, trigger)
      : new BerthError('HANDLER_THREW', `${messageOf(cause)} (trigger '${trigger}')`, { plugin, trigger, cause }),
  unknownCommand: (command: string, suggestion?: string) =>
    new BerthError('UNKNOWN_COMMAND', `\`${command}\` is not a berth command.`, {
      hint: suggestion ? `Did you mean \`${suggestion}\`? See 'berth help'.` : "See 'berth help' for the list of commands.",
    }),
  /** Dokku's own two lines for a command nobody answered, naming the whole argv. */
  notADokkuCommand: (argv: readonly string[]) =>
    new BerthError('UNKNOWN_COMMAND', `\`${argv.join(' ')}\` is not a dokku command.`, { hint: 'See `dokku help` for a list of available commands.' }),
  appNotFound: (app: string) => new BerthError('APP_NOT_FOUND', `App ${app} does not exist`),
  appExists: (app: string) => new BerthError('APP_EXISTS', `Name is already taken: ${app}`),
  locked: (message: string, hint?: string) => new BerthError('LOCKED', message, { hint }),
  notFound: (message: string, hint?: string) => new BerthError('NOT_FOUND', message, { hint }),
  conflict: (message: string, hint?: string) => new BerthError('CONFLICT', message, { hint }),
  denied: (message: string) => new BerthError('DENIED', message),
  external: (message: string, cause?: unknown) => new BerthError('EXTERNAL', message, { cause }),
  dockerUnreachable: (detail: string, cause?: unknown) =>
    new BerthError('DOCKER_UNREACHABLE', `Docker is not reachable: ${detail}`, {
      cause,
      hint: 'Nothing was changed. Check that dockerd is running and that DOCKER_HOST (if set) points at it',
    }),
  noSpace: (detail: string, cause?: unknown) =>
    new BerthError('NO_SPACE', `No space left on device: ${detail}`, { cause, hint: 'Nothing was half-written; free some space and try again' }),
};

interface SystemError {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  path?: string;
  message?: string;
  cause?: unknown;
}

/** Where the Docker client connects: DOCKER_HOST (unix:// path or tcp host:port), else the default socket. */
function dockerEndpoint(env: NodeJS.ProcessEnv): string {
  const host = env.DOCKER_HOST;
  if (!host) return '/var/run/docker.sock';
  return host.startsWith('unix://') ? host.slice('unix://'.length) : host.replace(/^[a-z]+:\/\//, '');
}

/**
 * Host conditions behind an error, wherever a plugin wrapped it: the Docker daemon not answering on its
 * endpoint, or a full disk. They get one clear message and exit code instead of the wrapper's.
 */
export function hostFailure(err: unknown, env: NodeJS.ProcessEnv = process.env): BerthError | undefined {
  if (err instanceof BerthError && (err.code === 'DOCKER_UNREACHABLE' || err.code === 'NO_SPACE')) return err;
  const endpoint = dockerEndpoint(env);
  const seen = new Set<unknown>();
  for (let e = err as SystemError | undefined; e && typeof e === 'object' && !seen.has(e); e = e.cause as SystemError | undefined) {
    seen.add(e);
    const where = e.address === undefined ? '' : e.port ? `${e.address}:${e.port}` : e.address;
    if (e.syscall === 'connect' && where && (where === endpoint || endpoint.endsWith(where))) return errors.dockerUnreachable(`${e.code ?? 'error'} connecting to ${where}`, err);
    if (e.code === 'ENOSPC') return errors.noSpace(e.path ?? e.message ?? 'ENOSPC', err);
    if (typeof e.message === 'string' && /No space left on device/i.test(e.message)) {
      const line = e.message.split('\n').find((l) => /No space left on device/i.test(l)) ?? e.message;
      return errors.noSpace(line.trim(), err);
    }
  }
  return undefined;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Names in messages are shown with control characters escaped so a hostile name cannot rewrite the terminal. */
export function printable(value: string): string {
  return value.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
