import path from 'node:path';
import { errors } from './errors.js';

/** The one validation module: every plugin checks user input here, so the rules cannot drift apart. */
const APP = /^[a-z0-9][a-z0-9.-]*$/;
const PLUGIN = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SERVICE = /^[A-Za-z0-9_-]+$/;
const PROCESS_TYPE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX = 200;

function tooLong(v: string) {
  return v.length > MAX;
}

export function isValidAppName(name: string): boolean {
  return typeof name === 'string' && !tooLong(name) && APP.test(name) && !name.endsWith('.');
}

export function assertAppName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify an app to run the command on');
  if (!isValidAppName(name))
    throw errors.invalidName(
      'app name',
      name,
      'App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens',
    );
  return name;
}

export function isValidPluginName(name: string): boolean {
  return typeof name === 'string' && !tooLong(name) && name !== '.' && name !== '..' && PLUGIN.test(name);
}

export function assertPluginName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify a plugin name');
  if (!isValidPluginName(name))
    throw errors.invalidName('plugin name', name, 'use letters, digits, ".", "_" and "-" only (no "/", not "." or "..")');
  return name;
}

/** Trigger names become file names inside plugin directories, so they must never traverse. */
export function isValidTriggerName(name: string): boolean {
  return (
    typeof name === 'string' && name.length > 0 && !tooLong(name) && name !== '.' && name !== '..' && !/[/\0]/.test(name)
  );
}

export function assertTriggerName(name: string): string {
  if (!isValidTriggerName(name))
    throw errors.invalidName('trigger name', name, 'must not be empty, "." or "..", nor contain "/" or NUL');
  return name;
}

export function assertConfigKey(key: string): string {
  if (!CONFIG_KEY.test(key) || tooLong(key))
    throw errors.invalidName('config key', key, 'keys start with a letter or "_" and contain only letters, digits and "_"');
  return key;
}

export function assertServiceName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify a service name');
  if (!SERVICE.test(name) || tooLong(name))
    throw errors.invalidName('service name', name, 'use letters, digits, "_" and "-" only');
  return name;
}

export function assertProcessType(name: string): string {
  if (!PROCESS_TYPE.test(name) || name.length > 63)
    throw errors.invalidName('process type', name, 'use letters, digits, "_" and "-", starting with a letter or digit');
  return name;
}

export function assertScale(value: string): number {
  if (!/^\d{1,4}$/.test(value)) throw errors.invalidValue(`Invalid scale '${value}': expected a whole number 0-9999`);
  return Number(value);
}

/** Docker's predefined networks: they exist on every host and can be neither created, removed nor attached to. */
export const RESERVED_NETWORKS: readonly string[] = ['bridge', 'host', 'none'];

export function isValidNetworkName(name: string): boolean {
  return typeof name === 'string' && !tooLong(name) && NETWORK.test(name);
}

/** `reserved: true` accepts bridge/host/none (for read-only look-ups such as network:info). */
export function assertNetworkName(name: string | undefined, o: { reserved?: boolean } = {}): string {
  if (!name) throw errors.usage('Please specify a network name');
  if (!isValidNetworkName(name))
    throw errors.invalidName('network name', name, 'use letters, digits, ".", "_" and "-", starting with a letter or digit');
  if (!o.reserved && RESERVED_NETWORKS.includes(name))
    throw errors.invalidName('network name', name, `${RESERVED_NETWORKS.join(', ')} are Docker's built-in networks`);
  return name;
}

export function isValidDomain(domain: string): boolean {
  if (typeof domain !== 'string' || domain.length === 0 || domain.length > 253) return false;
  const labels = domain.toLowerCase().split('.');
  return labels.every((label, i) => (i === 0 && label === '*' && labels.length > 1) || DOMAIN_LABEL.test(label));
}

export function assertDomain(domain: string): string {
  if (!isValidDomain(domain))
    throw errors.invalidName('domain', domain, 'expected a host name such as app.example.com (letters, digits, "-" and ".")');
  return domain.toLowerCase();
}

/**
 * A name nginx can serve: a domain, `_` (the catch-all) or `.example.com` (the domain and all its
 * subdomains). Dokku accepts these for app and global vhosts.
 */
export function isValidServerName(name: string): boolean {
  if (name === '_') return true;
  return isValidDomain(name.startsWith('.') ? name.slice(1) : name);
}

export function assertServerName(name: string): string {
  if (!isValidServerName(name))
    throw errors.invalidName('domain', name, 'expected a host name such as app.example.com (letters, digits, "-" and "."), .example.com or _');
  return name.toLowerCase();
}

/** Relative names for files under a root; absolute paths are only accepted when the caller allows them. */
export function assertSafeRelativePath(p: string, what = 'path'): string {
  if (!p || p.includes('\0') || path.isAbsolute(p) || p.split(/[\\/]/).includes('..'))
    throw errors.invalidName(what, p, 'must be a relative path without ".." components');
  return p;
}

/** An address an ACME server accepts as a contact: one local part, one domain, no spaces or angle brackets. */
export function assertEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  if (at < 1 || email.length > 254 || !/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) || !isValidDomain(email.slice(at + 1)) || !email.slice(at + 1).includes('.'))
    throw errors.invalidValue(`Invalid e-mail address '${email}'`, 'Use an address such as admin@example.com');
  return email;
}

export function assertUrl(url: string): string {
  if (!url || tooLong(url) || /[\s\0]/.test(url) || url.startsWith('-'))
    throw errors.invalidValue(`Invalid URL '${url}'`);
  return url;
}

/**
 * SSH key names end up inside the authorized_keys forced command (in double quotes) and as
 * SSH_NAME in access-control file names: letters, digits, spaces and . _ @ + = : , - only.
 */
const KEY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@+=:,-]*$/u;

export function assertSshKeyName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify a name for the ssh key');
  if (!KEY_NAME.test(name) || name.length > 100 || name.endsWith(' '))
    throw errors.invalidName('ssh key name', name, 'use letters, digits, spaces and . _ @ + = : , - (starting with a letter or digit)');
  return name;
}

/** Storage directory names: one path segment under the storage root, never "." or "..". */
const STORAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MOUNT_OPTIONS = new Set(['ro', 'rw', 'z', 'Z', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'nocopy', 'consistent', 'cached', 'delegated']);

export function isValidStorageName(name: string): boolean {
  return typeof name === 'string' && !tooLong(name) && STORAGE_NAME.test(name);
}

export function assertStorageName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify a storage directory name');
  if (!isValidStorageName(name))
    throw errors.invalidName('storage directory name', name, 'use letters, digits, ".", "_" and "-", starting with a letter or digit (no "/")');
  return name;
}

/**
 * An absolute path a bind mount may use: refused when relative, when any component is "..", or when it
 * holds characters Docker's HOST:CONTAINER syntax or a list property cannot carry. Returned normalized.
 */
export function assertMountPath(p: string, what: string): string {
  const bad = (rule: string) => errors.invalidName(what, p, rule);
  if (!p || tooLong(p) || /[\0-\x1f\x7f:]/.test(p)) throw bad('must not be empty, nor contain ":" or control characters');
  if (!path.posix.isAbsolute(p)) throw bad('must be an absolute path (relative paths are refused)');
  if (p.split('/').includes('..')) throw bad('must not contain ".." components');
  const normal = path.posix.normalize(p).replace(/\/+$/, '');
  if (!normal) throw bad('must not be the root directory');
  return normal;
}

export interface BindMount {
  host: string;
  container: string;
  options: string;
}

/**
 * `HOST:CONTAINER[:OPTS]` as storage:mount takes it. A HOST without "/" names a directory under
 * `storageRoot`; otherwise it must be absolute. CONTAINER is always absolute; OPTS are Docker bind options.
 */
export function parseBindMount(spec: string, storageRoot: string): BindMount {
  const parts = typeof spec === 'string' ? spec.split(':') : [];
  if (parts.length < 2 || parts.length > 3)
    throw errors.invalidName('mount', String(spec), 'expected HOST:CONTAINER[:OPTIONS], e.g. myapp-data:/app/storage or /srv/data:/data:ro');
  const [hostPart, containerPart, options = ''] = parts as [string, string, string?];
  const host = hostPart.includes('/') ? assertMountPath(hostPart, 'host path') : path.posix.join(storageRoot, assertStorageName(hostPart));
  const container = assertMountPath(containerPart, 'container path');
  return { host, container, options: assertMountOptions(options) };
}

export function assertMountOptions(options: string): string {
  if (!options) return '';
  const list = options.split(',');
  const unknown = list.find((o) => !MOUNT_OPTIONS.has(o));
  if (unknown !== undefined || new Set(list).size !== list.length || (list.includes('ro') && list.includes('rw')))
    throw errors.invalidValue(`Invalid mount options '${options}'`, `Use a comma-separated list of: ${[...MOUNT_OPTIONS].join(', ')} (ro and rw exclusive)`);
  return options;
}

/** The Docker HostConfig.Binds form of a mount. */
export function bindString(m: BindMount): string {
  return `${m.host}:${m.container}${m.options ? `:${m.options}` : ''}`;
}

const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;
const CRON_NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/**
 * A crontab schedule: five fields (`*`, `N`, `N-M`, `* /S` or `N-M/S`, comma lists; month and weekday
 * names) or one of cron's @nicknames. Returns it with single spaces; the error names the bad field.
 */
export function assertCronSchedule(schedule: unknown): string {
  const hint = 'Use five fields: minute hour day-of-month month day-of-week, e.g. "*/5 * * * *"';
  if (typeof schedule !== 'string' || !schedule.trim()) throw errors.invalidValue('The cron schedule is missing', hint);
  const text = schedule.trim().replace(/[ \t]+/g, ' ');
  if (text.startsWith('@')) {
    if (CRON_NICKNAMES.includes(text)) return text;
    throw errors.invalidValue(`Invalid cron schedule '${text}'`, `Use five fields or one of ${CRON_NICKNAMES.join(', ')}`);
  }
  const parts = text.split(' ');
  if (parts.length !== 5 || /[^\x21-\x7e ]/.test(text)) throw errors.invalidValue(`Invalid cron schedule '${text}': expected 5 fields, got ${parts.length}`, hint);
  parts.forEach((part, i) => {
    const f = CRON_FIELDS[i]!;
    const value = (v: string): number => {
      const named = 'names' in f ? (f.names as readonly string[]).indexOf(v.toLowerCase()) : -1;
      const n = named >= 0 ? named + f.min : /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      if (Number.isNaN(n) || n < f.min || n > f.max) throw errors.invalidValue(`Invalid cron schedule '${text}': ${f.name} '${v}' is not in ${f.min}-${f.max}`, hint);
      return n;
    };
    for (const item of part.split(',')) {
      const m = /^(\*|[^-/]+|[^-/]+-[^-/]+)(?:\/(\d{1,2}))?$/.exec(item);
      if (!m) throw errors.invalidValue(`Invalid cron schedule '${text}': bad ${f.name} field '${part}'`, hint);
      const [range, step] = [m[1]!, m[2]];
      if (step !== undefined && (Number(step) < 1 || (range !== '*' && !range.includes('-'))))
        throw errors.invalidValue(`Invalid cron schedule '${text}': bad step in ${f.name} field '${part}'`, hint);
      if (range === '*') continue;
      const [a, b] = range.split('-');
      if (b !== undefined && value(a!) > value(b)) throw errors.invalidValue(`Invalid cron schedule '${text}': ${f.name} range '${range}' is reversed`, hint);
      value(a!);
    }
  });
  return text;
}
