import { errors } from '../core/errors.js';
import { verifyApp, visibleAppList } from './app-access.js';
import { GLOBAL } from '../core/properties.js';
import type { CommandArgs, CommandDefinition, PluginContext } from '../core/types.js';

export type ReportRows = Record<string, string>;

export interface ReportOptions {
  /** Heading word(s): `=====> APP <title> information`. */
  title: string;
  /** One app, or every app from `app-list` when undefined. */
  app?: string;
  rows(app: string): ReportRows | Promise<ReportRows>;
  /** The `--global` report (`X:report --global`), when the plugin has global properties. */
  globalRows?(): ReportRows | Promise<ReportRows>;
  /**
   * JSON keys: `legacy` as the rows name them (`app-dir`), `stripped` without the `<title>-` prefix
   * (`dir`), `both` (Dokku's shape while the prefixed keys are deprecated). Stdout rows keep the prefix.
   */
  jsonKeys?: 'legacy' | 'stripped' | 'both';
}

/** The JSON object of one row set, keys stripped of the report's prefix as `jsonKeys` asks. */
export function reportJson(rows: ReportRows, title: string, keys: ReportOptions['jsonKeys'] = 'legacy'): ReportRows {
  if (keys === 'legacy') return rows;
  const prefix = title.replace(/\s+/g, '-') + '-';
  const out: ReportRows = {};
  for (const [k, v] of Object.entries(rows)) {
    if (!k.startsWith(prefix)) {
      out[k] = v;
      continue;
    }
    out[k.slice(prefix.length)] = v;
    if (keys === 'both') out[k] = v;
  }
  return out;
}

/** `domains-app-vhosts` → `Domains app vhosts`; dots too, as Dokku does (`deploy.web` → `deploy web`). */
function label(key: string): string {
  const words = key.replace(/[-.]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Dokku-style `X:report [APP] [--format json] [--<key>]`: padded `Label: value` rows under one heading per
 * app, one JSON object (keyed by app when no app was given), or a single value for an info flag.
 */
export async function printReport(ctx: PluginContext, argv: CommandArgs, o: ReportOptions): Promise<void> {
  const format = argv.format === undefined ? 'stdout' : String(argv.format);
  if (format !== 'stdout' && format !== 'json') throw errors.usage(`Invalid --format value '${format}': use json or stdout`);
  const global = argv.global === true && o.globalRows !== undefined;
  if (global && o.app) throw errors.usage('Specify an app or --global, not both');
  const one = global ? GLOBAL : o.app;
  const apps = global ? [GLOBAL] : o.app ? [o.app] : await visibleAppList(ctx);
  const reports: Record<string, ReportRows> = {};
  for (const app of apps) reports[app] = app === GLOBAL && o.globalRows ? await o.globalRows() : await o.rows(app);
  const info = Object.keys(argv).find((k) => k !== '_' && k !== '$0' && k !== 'format' && k !== 'global');
  if (info) {
    if (!one) throw errors.usage(`--${info} needs an app name`);
    if (argv.format !== undefined) throw errors.usage('--format flag cannot be specified when specifying an info flag');
    const value = reports[one]![info];
    if (value === undefined) throw errors.usage(`Invalid flag passed, valid flags: ${Object.keys(reports[one]!).map((k) => `--${k}`).join(', ')}`);
    ctx.log.out(value);
    return;
  }
  if (format === 'json') {
    const json = (r: ReportRows) => reportJson(r, o.title, o.jsonKeys);
    ctx.log.out(JSON.stringify(one ? json(reports[one]!) : Object.fromEntries(Object.entries(reports).map(([a, r]) => [a, json(r)]))));
    return;
  }
  if (!apps.length) ctx.log.warn("You haven't deployed any applications yet");
  for (const [app, rows] of Object.entries(reports)) {
    const width = Math.max(0, ...Object.keys(rows).map((k) => k.length)) + 3;
    ctx.log.info2(`${app} ${o.title} information`);
    for (const [k, v] of Object.entries(rows)) ctx.log.out(`       ${(label(k) + ':').padEnd(width)}${v}`);
  }
}

/**
 * The whole `X:report [APP] [--format json] [--<flag>]` command: an optional app (verified), then
 * printReport with one row set per app.
 */
export function reportCommand(
  title: string,
  rows: (ctx: PluginContext, app: string) => ReportRows | Promise<ReportRows>,
  more: { jsonKeys?: ReportOptions['jsonKeys']; globalRows?: (ctx: PluginContext) => ReportRows | Promise<ReportRows> } = {},
): CommandDefinition {
  return {
    usage: more.globalRows ? '[<app>|--global] [--format json] [--<flag>]' : '[<app>] [--format json] [--<flag>]',
    builder: (y) => {
      y.option('format', { type: 'string', describe: 'stdout or json' });
      return more.globalRows ? y.option('global', { type: 'boolean', describe: 'Report the global properties' }) : y;
    },
    async handler(ctx, argv) {
      const name = argv._[0] === undefined ? undefined : String(argv._[0]);
      const app = name === undefined ? undefined : await verifyApp(ctx, name);
      const globalRows = more.globalRows && (() => more.globalRows!(ctx));
      await printReport(ctx, argv, { title, app, rows: (a) => rows(ctx, a), globalRows, jsonKeys: more.jsonKeys });
    },
  };
}

/** A plugin's `report APP` trigger handler: its section of the all-plugins report, in Dokku's layout. */
export function reportTrigger(title: string, rows: (ctx: PluginContext, app: string) => ReportRows | Promise<ReportRows>) {
  return (ctx: PluginContext, app: string) => printReport(ctx, { _: [] } as unknown as CommandArgs, { title, app, rows: (a) => rows(ctx, a) });
}
