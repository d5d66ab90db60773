import fs from 'node:fs';
import { confirmByName, errors, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { appsUsingEntry } from './attachments.js';
import {
  assertEntryName, defaultHostPath, deleteEntry, ensureEntryPath, entryExists, listEntries, loadEntry, normalizeMode,
  requireDefaultHostPath, saveEntry, SCHEMA_VERSION, validateEntry, type Entry,
} from './entries.js';

const str = (v: unknown) => (v === undefined || v === '' ? undefined : String(v));

function jsonFormat(argv: CommandArgs, allowed = ['stdout', 'text', 'json']): 'json' | 'text' {
  const f = str(argv.format) ?? 'text';
  if (!allowed.includes(f)) throw errors.usage(`Invalid format: ${f}`, `Use ${allowed.join(' or ')}`);
  return f === 'json' ? 'json' : 'text';
}

/** Dokku's storage:set properties, sorted as its error lists them. */
const SETTABLE = ['access-mode', 'chown', 'mode', 'namespace', 'reclaim-policy', 'size', 'storage-class-name'];

/** One `storage:set` change; '' clears the property. access-mode and storage-class-name cannot change on a bound volume. */
function applyChange(e: Entry, property: string, value: string): void {
  const v = value === '' ? undefined : value;
  if (property === 'access-mode' && v !== e.access_mode) throw errors.invalidValue('storage:set cannot change access-mode in place; recreate the entry');
  if (property === 'storage-class-name' && v !== e.storage_class) throw errors.invalidValue('storage:set cannot change storage-class-name in place; recreate the entry');
  if (property === 'size') e.size = v;
  else if (property === 'namespace') e.namespace = v;
  else if (property === 'chown') e.chown = v;
  else if (property === 'mode') e.mode = normalizeMode(v);
  else if (property === 'reclaim-policy') e.reclaim_policy = v;
  else if (!SETTABLE.includes(property)) throw errors.usage(`Invalid property specified, valid properties include: ${SETTABLE.join(', ')}`);
}

function refuseK3s(e: Entry): void {
  if (e.scheduler !== 'docker-local') throw errors.external(`scheduler refused storage entry "${e.name}": no ${e.scheduler} scheduler is installed on this platform`);
}

const FLAG_PROPERTIES: Record<string, string> = { chown: 'chown', mode: 'mode', size: 'size', namespace: 'namespace', reclaimPolicy: 'reclaim-policy', accessMode: 'access-mode', storageClassName: 'storage-class-name' };

const createOptions = (y: import('yargs').Argv) =>
  y
    .option('scheduler', { type: 'string', describe: 'docker-local (default) or k3s' })
    .option('chown', { type: 'string', describe: 'Owner of the default host directory: herokuish, heroku, paketo, root, false or a uid' })
    .option('mode', { type: 'string', describe: 'Octal mode of the default host directory, such as 0755' })
    .option('reclaim-policy', { type: 'string', describe: 'Retain (default) or Delete: what storage:destroy does with the data' })
    .option('size', { type: 'string' })
    .option('access-mode', { type: 'string' })
    .option('storage-class-name', { type: 'string' })
    .option('namespace', { type: 'string' });

export const entryCommands: Record<string, CommandDefinition> = {
  'storage:create': {
    usage: '[--scheduler docker-local|k3s] [--chown ID] [--mode MODE] [--reclaim-policy Retain|Delete] <name> [<host-path>]',
    builder: createOptions,
    handler(ctx, argv) {
      const name = assertEntryName(str(argv._[0]));
      const scheduler = str(argv.scheduler) ?? 'docker-local';
      const hostPath = str(argv._[1]) ?? (scheduler === 'docker-local' ? defaultHostPath(ctx, name) : undefined);
      const e: Entry = {
        name, scheduler, host_path: hostPath, size: str(argv.size), access_mode: str(argv.accessMode), storage_class: str(argv.storageClassName),
        namespace: str(argv.namespace), chown: str(argv.chown), mode: normalizeMode(str(argv.mode)), reclaim_policy: str(argv.reclaimPolicy), schema_version: SCHEMA_VERSION,
      };
      validateEntry(ctx, e);
      if (e.chown && e.chown !== 'false' && e.scheduler === 'docker-local') requireDefaultHostPath(ctx, e, '--chown');
      if (entryExists(ctx, name)) {
        const old = loadEntry(ctx, name);
        if (old.scheduler !== e.scheduler) throw errors.conflict(`storage entry "${name}" already exists with scheduler "${old.scheduler}"; refusing to redefine`);
        ctx.log.info1(`Storage entry ${name} already exists, leaving in place`);
        e.annotations = old.annotations;
        e.labels = old.labels;
      }
      refuseK3s(e);
      ensureEntryPath(ctx, e);
      saveEntry(ctx, e);
      ctx.log.info1(`Storage entry ${name} created`);
    },
  },

  'storage:list-entries': {
    usage: '[--scheduler NAME] [--format text|json]',
    builder: (y) => y.option('format', { type: 'string' }).option('scheduler', { type: 'string' }),
    handler(ctx, argv) {
      const scheduler = str(argv.scheduler);
      const list = listEntries(ctx).filter((e) => !scheduler || e.scheduler === scheduler);
      if (jsonFormat(argv) === 'json') return void ctx.log.out(JSON.stringify(list, null, 2));
      if (!list.length) return void ctx.log.info1('No storage entries registered');
      ctx.log.info1('Storage entries:');
      for (const e of list) ctx.log.verbose(`${e.name}\t${e.scheduler}\t${e.host_path ?? ''}`);
    },
  },

  'storage:info': {
    usage: '<name> [--format text|json]',
    builder: (y) => y.option('format', { type: 'string' }),
    handler(ctx, argv) {
      const name = str(argv._[0]);
      if (!name) throw errors.usage('storage entry name is required');
      const fmt = jsonFormat(argv);
      const e = loadEntry(ctx, name);
      if (fmt === 'json') return void ctx.log.out(JSON.stringify(e, null, 2));
      ctx.log.info1(`Storage entry ${e.name}`);
      const rows: [string, string | undefined][] = [
        ['Scheduler', e.scheduler], ['Host path', e.host_path], ['Size', e.size], ['Access mode', e.access_mode], ['Storage class', e.storage_class],
        ['Namespace', e.namespace], ['Chown', e.chown], ['Mode', e.mode], ['Reclaim policy', e.reclaim_policy],
      ];
      for (const [label, value] of rows) if (value) ctx.log.verbose(`${`${label}:`.padEnd(18)}${value}`);
    },
  },

  'storage:destroy': {
    usage: '<name> [--force] [--destroy-host-dir]',
    builder: (y) => y.option('force', { type: 'boolean', default: false }).option('destroy-host-dir', { type: 'boolean', default: false }),
    async handler(ctx, argv) {
      const name = str(argv._[0]);
      if (!name) throw errors.usage('storage entry name is required');
      const e = loadEntry(ctx, name);
      const using = appsUsingEntry(ctx, name);
      if (using.length) throw errors.conflict(`storage entry "${name}" is still mounted by app(s): ${using.join(', ')}`, `Unmount it first: storage:unmount ${using[0]} ${name}`);
      const dropDir = argv.destroyHostDir === true;
      if (dropDir && e.scheduler !== 'docker-local')
        throw errors.invalidValue(`--destroy-host-dir only applies to docker-local storage entries; "${name}" is scheduler "${e.scheduler}" and follows --reclaim-policy`);
      let removeDir = false;
      if (e.scheduler === 'docker-local' && (dropDir || e.reclaim_policy === 'Delete')) {
        if (e.host_path === defaultHostPath(ctx, name)) removeDir = true;
        else if (dropDir) requireDefaultHostPath(ctx, e, '--destroy-host-dir');
        else ctx.log.warn(`Leaving ${e.host_path} in place; reclaim policy Delete only removes the default host path`);
      }
      const forced = argv.force === true || ctx.flags.force || ctx.env.DOKKU_APPS_FORCE_DELETE === '1';
      if (!forced) {
        if (removeDir) ctx.log.warn(`Storage entry ${name} is backed by ${e.host_path}, which will be removed along with its contents.`);
        await confirmByName(ctx, name, `storage entry ${name}`);
      }
      refuseK3s(e);
      if (removeDir) {
        fs.rmSync(e.host_path!, { recursive: true, force: true });
        ctx.log.verbose(`Removed ${e.host_path}`);
      }
      deleteEntry(ctx, name);
      ctx.log.info1(`Storage entry ${name} destroyed`);
    },
  },

  'storage:set': {
    usage: '<name> <property> [<value>]',
    builder: (y) => createOptions(y).option('annotation', { type: 'string', array: true }).option('label', { type: 'string', array: true }),
    handler(ctx, argv) {
      const [name, property, value = ''] = argv._.map(String);
      if (!name) throw errors.usage('storage entry name is required');
      const e = loadEntry(ctx, name);
      const flags = Object.keys(FLAG_PROPERTIES).filter((k) => argv[k] !== undefined);
      const maps = (['annotation', 'label'] as const).filter((k) => argv[k] !== undefined);
      if (property !== undefined && (flags.length || maps.length)) throw errors.usage('storage:set takes either a property and a value or flags, not both');
      if (property === undefined && !flags.length && !maps.length) throw errors.usage('No property specified');
      const changes: [string, string][] = property !== undefined ? [[property, value]] : flags.map((k) => [FLAG_PROPERTIES[k]!, String(argv[k])]);
      if (property === undefined && flags.length) ctx.log.warn(`Deprecated: use 'storage:set ${name} <property> <value>' instead of flags`);
      for (const [p, v] of changes) applyChange(e, p, v);
      for (const kind of maps) {
        ctx.log.warn(`Deprecated: use 'storage:${kind}s:set ${name} <key> <value>' instead of --${kind}`);
        const pairs = (argv[kind] as string[]).map((kv) => {
          const at = kv.indexOf('=');
          if (at <= 0) throw errors.usage(`Invalid --${kind} '${kv}': expected KEY=VALUE`);
          return [kv.slice(0, at), kv.slice(at + 1)];
        });
        e[kind === 'annotation' ? 'annotations' : 'labels'] = Object.fromEntries(pairs);
      }
      validateEntry(ctx, e);
      if (changes.some(([p]) => p === 'chown' || p === 'mode') && e.scheduler === 'docker-local') ensureEntryPath(ctx, e);
      saveEntry(ctx, e);
      ctx.log.info1(`Storage entry ${name} updated`);
    },
  },
};
