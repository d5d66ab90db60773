import { errors, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { listEntries, loadEntry, saveEntry, type Entry } from './entries.js';

/** Annotations and labels: free key/value maps on an entry, for schedulers that label their volumes. */
interface MapField {
  field: 'annotations' | 'labels';
  singular: 'annotation' | 'label';
}

const FIELDS: MapField[] = [
  { field: 'annotations', singular: 'annotation' },
  { field: 'labels', singular: 'label' },
];

/** Kubernetes-style keys: an optional DNS prefix and `/`, then a name. */
const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function setKey(ctx: PluginContext, f: MapField, argv: CommandArgs): void {
  const [name, key, ...rest] = argv._.map(String);
  if (!name) throw errors.usage('storage entry name is required');
  const e = loadEntry(ctx, name);
  if (!key) throw errors.usage(`No ${f.singular} key specified`);
  if (!KEY.test(key) || key.length > 316) throw errors.invalidName(`${f.singular} key`, key, 'letters, digits, "-", "_" and ".", optionally after a "prefix/"');
  const value = rest.join(' ');
  const map = { ...(e[f.field] ?? {}) };
  if (value === '') {
    ctx.log.info2(`Unsetting ${f.singular} ${key}`);
    delete map[key];
  } else {
    ctx.log.info2(`Setting ${f.singular} ${key} to ${value}`);
    map[key] = value;
  }
  const next: Entry = { ...e, [f.field]: Object.keys(map).length ? map : undefined };
  saveEntry(ctx, next);
}

function report(ctx: PluginContext, f: MapField, argv: CommandArgs): void {
  const format = argv.format === undefined ? 'stdout' : String(argv.format);
  if (format !== 'stdout' && format !== 'json') throw errors.usage(`Invalid format: ${format}`);
  const prefix = `storage-${f.field}.`;
  const info = Object.keys(argv).find((k) => k.startsWith(prefix));
  if (info && argv.format !== undefined) throw errors.usage('--format flag cannot be specified when specifying an info flag');
  const name = argv._[0] === undefined ? undefined : String(argv._[0]);
  if (info && !name) throw errors.usage(`storage:${f.field}:report requires a storage entry name when an info flag is specified`);
  const entries = name ? [loadEntry(ctx, name)] : listEntries(ctx);
  if (!entries.length) return void ctx.log.info1('No storage entries registered');
  for (const e of entries) {
    const map = e[f.field] ?? {};
    if (info) {
      const key = info.slice(prefix.length);
      if (!Object.hasOwn(map, key)) throw errors.usage(`Invalid flag passed, valid flags: ${Object.keys(map).sort().map((k) => `--${prefix}${k}`).join(', ')}`);
      return void ctx.log.out(map[key]!);
    }
    if (format === 'json') {
      ctx.log.out(JSON.stringify(map));
      continue;
    }
    ctx.log.info2(`${e.name} ${f.field} information`);
    const keys = Object.keys(map).sort();
    const width = Math.max(31, ...keys.map((k) => f.singular.length + k.length + 3));
    for (const k of keys) ctx.log.verbose(`${`${f.singular.charAt(0).toUpperCase()}${f.singular.slice(1)} ${k}:`.padEnd(width)}${map[k]}`);
  }
}

export const metadataCommands: Record<string, CommandDefinition> = Object.fromEntries(
  FIELDS.flatMap((f) => [
    [`storage:${f.field}:set`, { usage: `<name> <key> [<value>]`, raw: true, handler: (ctx, argv) => setKey(ctx, f, argv) } satisfies CommandDefinition],
    [
      `storage:${f.field}:report`,
      { usage: `[<name>] [--format json] [--${`storage-${f.field}`}.<key>]`, builder: (y) => y.option('format', { type: 'string' }), handler: (ctx, argv) => report(ctx, f, argv) } satisfies CommandDefinition,
    ],
  ]),
);
