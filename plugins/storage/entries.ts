import fs from 'node:fs';
import path from 'node:path';
import { errors, platformUser, writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import { makeStorageRoot } from './directory.js';
import { storageRoot } from './mounts.js';

/** A named storage entry: what a volume is. Apps attach it (attachments.ts) to say where it goes. */
export interface Entry {
  name: string;
  scheduler: string;
  host_path?: string;
  size?: string;
  access_mode?: string;
  storage_class?: string;
  namespace?: string;
  chown?: string;
  mode?: string;
  reclaim_policy?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  schema_version: number;
}

export const SCHEMA_VERSION = 1;
export const SCHEDULERS = ['docker-local', 'k3s'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const RECLAIM_POLICIES = ['Retain', 'Delete'];
/** Reserved for entries synthesised from legacy HOST:CONTAINER mounts. */
const LEGACY_PREFIX = 'legacy-';
/** `storage-<name>` must stay a usable Kubernetes release name. */
const MAX_NAME = 45;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const VOLUME_TOKEN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Dokku's registry location, `$LIB_ROOT/data/storage-registry/entries/<name>.json`, kept so its tools read it. */
export function entriesDir(ctx: PluginContext): string {
  return path.join(ctx.paths.libRoot, 'data', 'storage-registry', 'entries');
}

const entryFile = (ctx: PluginContext, name: string) => path.join(entriesDir(ctx), `${name}.json`);

export function assertEntryName(name: string | undefined): string {
  if (!name) throw errors.usage('storage entry name is required');
  if (name.length > MAX_NAME) throw errors.invalidName('storage entry name', name, `at most ${MAX_NAME} characters`);
  if (!DNS_LABEL.test(name)) throw errors.invalidName('storage entry name', name, 'lowercase letters, digits and dashes, not starting or ending with a dash');
  if (name.startsWith(LEGACY_PREFIX)) throw errors.invalidName('storage entry name', name, `the prefix '${LEGACY_PREFIX}' is reserved`);
  return name;
}

export function entryExists(ctx: PluginContext, name: string): boolean {
  return DNS_LABEL.test(name) && fs.existsSync(entryFile(ctx, name));
}

export function loadEntry(ctx: PluginContext, name: string): Entry {
  if (!entryExists(ctx, name)) throw errors.notFound(`storage entry "${name}" does not exist`, "See 'storage:list-entries'");
  try {
    return JSON.parse(fs.readFileSync(entryFile(ctx, name), 'utf8')) as Entry;
  } catch (err) {
    throw errors.invalidValue(`Unable to parse storage entry "${name}": ${(err as Error).message}`, `Check ${entryFile(ctx, name)}`);
  }
}

export function saveEntry(ctx: PluginContext, e: Entry): void {
  const dir = entriesDir(ctx);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  writeFileAtomic(entryFile(ctx, e.name), JSON.stringify({ ...e, schema_version: e.schema_version || SCHEMA_VERSION }, null, 2), 0o600);
  // root runs storage:create for the chown; the platform user must still read and update the registry
  const user = process.getuid?.() === 0 ? platformUser(ctx.paths.root, ctx.env) : undefined;
  if (user) for (const f of [path.dirname(dir), dir, entryFile(ctx, e.name)]) fs.chownSync(f, user.uid, user.gid);
}

export function deleteEntry(ctx: PluginContext, name: string): void {
  fs.rmSync(entryFile(ctx, name), { force: true });
}

export function listEntries(ctx: PluginContext): Entry[] {
  let files: string[] = [];
  try {
    files = fs.readdirSync(entriesDir(ctx));
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.json'))
    .map((f) => loadEntry(ctx, f.slice(0, -5)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const defaultHostPath = (ctx: PluginContext, name: string) => path.join(storageRoot(ctx), name);

/** `755` and `0755` are the same mode; stored in the 4-digit form. */
export function normalizeMode(mode: string | undefined): string | undefined {
  if (mode === undefined || mode === '') return undefined;
  if (!/^[0-7]{3,4}$/.test(mode)) throw errors.invalidValue(`Unsupported directory mode "${mode}". Value must be a 3 or 4 digit octal mode, such as 0755`);
  return mode.length === 3 ? `0${mode}` : mode;
}

/** The rules between an entry's fields, for its scheduler. */
export function validateEntry(ctx: PluginContext, e: Entry): void {
  const fail = (why: string) => {
    throw errors.invalidValue(`storage entry "${e.name}" ${why}`);
  };
  if (!SCHEDULERS.includes(e.scheduler)) fail(`has unsupported scheduler "${e.scheduler}" (supported: ${SCHEDULERS.join(', ')})`);
  if (e.reclaim_policy && !RECLAIM_POLICIES.includes(e.reclaim_policy)) fail(`has unsupported reclaim policy "${e.reclaim_policy}"`);
  if (e.scheduler === 'docker-local') {
    if (!e.host_path) fail('(docker-local) is missing host_path');
    if (!path.isAbsolute(e.host_path!) && !VOLUME_TOKEN.test(e.host_path!)) fail(`host_path must be an absolute path or a docker named volume, got "${e.host_path}"`);
    if (path.isAbsolute(e.host_path!) && e.host_path!.split('/').includes('..')) fail(`host_path must not contain "..", got "${e.host_path}"`);
    for (const [field, flag] of [['size', '--size'], ['storage_class', '--storage-class-name'], ['access_mode', '--access-mode']] as const)
      if (e[field]) fail(`(docker-local) does not accept ${flag}`);
    normalizeMode(e.mode);
    if (e.reclaim_policy === 'Delete' && e.host_path !== defaultHostPath(ctx, e.name))
      fail(`(docker-local) only accepts --reclaim-policy Delete on the default host path (${defaultHostPath(ctx, e.name)})`);
  } else {
    if (!e.size) fail('(k3s) requires --size');
    if (e.storage_class && e.host_path) fail('(k3s) cannot set both --storage-class-name and a host path');
    if (e.access_mode && !ACCESS_MODES.includes(e.access_mode)) fail(`has unsupported access mode "${e.access_mode}"`);
    if (e.host_path && !path.isAbsolute(e.host_path)) fail(`host_path must be absolute, got "${e.host_path}"`);
    if (e.mode) fail('(k3s) does not accept --mode');
  }
}

/** --chown names (the users app images run as) or a numeric id, used as uid and gid; `false` leaves ownership alone. */
export function resolveChown(value: string): number | 'false' {
  const named: Record<string, number> = { herokuish: 32767, heroku: 1000, paketo: 2000, packeto: 2000, root: 0 };
  if (value === 'false') return 'false';
  if (Object.hasOwn(named, value)) return named[value]!;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw errors.invalidValue('Unsupported chown permissions', 'Use herokuish, heroku, paketo, root, false or a uid from 0 to 65535');
  return Number(value);
}

/** --chown and --mode act only on the default location, which the platform owns. */
export function requireDefaultHostPath(ctx: PluginContext, e: Entry, flag: string): void {
  const def = defaultHostPath(ctx, e.name);
  if (e.host_path !== def)
    throw errors.invalidValue(`${flag} is only supported when the storage entry uses the default host path (${def}); omit ${flag} and manage ${e.host_path} manually`);
}

/** Creates a docker-local entry's directory when missing and converges its mode and owner. */
export function ensureEntryPath(ctx: PluginContext, e: Entry): void {
  const chown = e.chown && e.chown !== 'false' ? resolveChown(e.chown) : 'false';
  if (chown !== 'false') requireDefaultHostPath(ctx, e, '--chown');
  if (e.mode) requireDefaultHostPath(ctx, e, '--mode');
  const dir = e.host_path!;
  if (!path.isAbsolute(dir)) return;
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw errors.conflict(`storage entry path ${dir} exists but is not a directory`);
  if (!fs.existsSync(dir)) {
    if (path.dirname(dir) === storageRoot(ctx)) makeStorageRoot(storageRoot(ctx));
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    ctx.log.verbose(`Created ${dir}`);
  }
  if (e.mode) {
    ctx.log.verbose(`Setting directory mode to ${e.mode}`);
    fs.chmodSync(dir, parseInt(e.mode, 8));
  }
  if (chown !== 'false') {
    ctx.log.verbose(`Setting directory ownership to ${chown}:${chown}`);
    fs.chownSync(dir, chown, chown);
  }
}
