/**
 * The rule table: what a command touches, worked out from its name and arguments alone, so the
 * same answer holds for TS, shell and community commands. Most berth commands take the app as the
 * first positional argument (Dokku's convention); the exceptions are listed here.
 */

/** Commands that change the host or who may use it: admins and local root only. */
export const ROOT_ONLY = new Set([
  'install',
  'ssh-keys:add',
  'ssh-keys:remove',
  'plugin:install',
  'plugin:uninstall',
  'plugin:enable',
  'plugin:disable',
  'plugin:update',
  'plugin:trigger',
  'plugin:watch',
  'stack:build',
  'builder:build',
  'events:on',
  'events:off',
]);

/** Commands that make a new app name: only admins create apps (a first push creates one too). */
export const CREATES_APP = new Set(['apps:create', 'apps:clone', 'apps:rename']);

/** Commands about the platform rather than one app: users run them only when on the allow-list. */
export const GLOBAL_COMMANDS = new Set([
  'help',
  'version',
  'apps:list',
  'apps:set',
  'ssh-keys:list',
  'plugin:list',
  'plugin:installed',
  'plugin:triggers',
  'stack:report',
  'events',
  'events:list',
  'domains:add-global',
  'domains:remove-global',
  'domains:set-global',
  'domains:clear-global',
  'nginx:validate-config',
  'ps:restore',
  // networks are shared by every app: their first argument is a network, not an app
  'network:create',
  'network:destroy',
  'network:list',
  'network:info',
  'network:exists',
]);

/** What users may run without an app when nothing else is configured. */
export const DEFAULT_ALLOWED = ['help', 'version', 'apps:list'];

/** Datastore namespaces whose first argument is a service name (more come from service grants). */
export const SERVICE_TYPES = new Set(['postgres', 'mysql', 'mariadb', 'redis', 'mongo', 'memcached', 'rabbitmq', 'elasticsearch', 'couchdb', 'clickhouse', 'nats', 'solr', 'meilisearch', 'typesense']);
/** Service subcommands taking `NAME APP`: the caller needs both grants. */
const SERVICE_WITH_APP = new Set(['link', 'unlink', 'promote']);
/** Service subcommands taking the app first. */
const SERVICE_APP_FIRST = new Set(['app-links']);
/** Service subcommands that create a name or list every service: admins only. */
const SERVICE_ADMIN = new Set(['create', 'list', 'clone']);

/** Options of berth commands that take a separate value (`--format json`), so the value is not the app. */
const VALUE_FLAGS = new Set(['--format', '-n', '--num', '-p', '--process', '--index', '--fingerprint', '--message', '-m']);

export type Target =
  | { kind: 'open' }
  | { kind: 'root-only' }
  | { kind: 'creates-app'; app?: string }
  | { kind: 'global' }
  | { kind: 'global-settings' }
  | { kind: 'listing' }
  | { kind: 'app'; app?: string }
  | { kind: 'service'; type: string; service?: string; app?: string; adminOnly: boolean };

/** Positional arguments, skipping options and the values of the options that take one. */
export function positionals(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** git sends `'APP'` or `'/APP'`; the splitter may have removed the quotes already. */
export function repoArgApp(arg: string | undefined): string | undefined {
  if (arg === undefined) return undefined;
  const quoted = /^'(.*)'$/.exec(arg) ?? /^"(.*)"$/.exec(arg);
  return (quoted ? quoted[1]! : arg).replace(/^\/+/, '');
}

const isHelp = (cmd: string, args: readonly string[]) => cmd.endsWith(':help') || (args.length === 1 && (args[0] === '--help' || args[0] === '-h'));
const isListing = (cmd: string) => cmd.endsWith(':report') || cmd === 'domains';

/**
 * What `CMD ARGS…` is about. `flagApp` is the global `--app`; like the router, it counts only when
 * the arguments do not already name it.
 */
export function classify(cmd: string, args: readonly string[], flagApp?: string, serviceTypes: ReadonlySet<string> = SERVICE_TYPES): Target {
  if (cmd === '' || cmd === 'help' || cmd === 'version' || isHelp(cmd, args)) return { kind: 'open' };
  if (ROOT_ONLY.has(cmd) || cmd.startsWith('acl:')) return { kind: 'root-only' };
  const effective = flagApp && !args.includes(flagApp) ? [flagApp, ...args] : args;
  const pos = positionals(effective);
  if (CREATES_APP.has(cmd)) return { kind: 'creates-app', app: pos[0] };
  if (GLOBAL_COMMANDS.has(cmd)) return { kind: 'global' };
  const [ns, sub] = cmd.includes(':') ? [cmd.slice(0, cmd.indexOf(':')), cmd.slice(cmd.indexOf(':') + 1)] : [cmd, ''];
  if (serviceTypes.has(ns)) {
    if (SERVICE_APP_FIRST.has(sub)) return { kind: 'app', app: pos[0] };
    return { kind: 'service', type: ns, service: pos[0], app: SERVICE_WITH_APP.has(sub) ? pos[1] : undefined, adminOnly: SERVICE_ADMIN.has(sub) || sub === '' };
  }
  if (effective.includes('--global')) return { kind: 'global-settings' };
  if (cmd === 'git-receive-pack' || cmd === 'git-upload-pack') return { kind: 'app', app: repoArgApp(pos[0]) };
  if (pos[0] === undefined && isListing(cmd)) return { kind: 'listing' };
  return { kind: 'app', app: pos[0] };
}
