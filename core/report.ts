import { errors } from './errors.js';
import { verifyApp, visibleAppList } from './app-access.js';
import type { CommandArgs, CommandDefinition, PluginContext } from './types.js';

export type ReportRows = Record<string, string>;

export interface ReportOptions {
  /** Heading word(s): `=====> APP <title> information`. */
  title: string;
  /** One app, or every app from `app-list` when undefined. */
  app?: string;
  rows(app: string): ReportRows | Promise<ReportRows>;
}

/** `domains-app-vhosts` → `Domains app vhosts`. */
function label(key: string): string {
  const words = key.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Dokku-style `X:report [APP] [--format json] [--<key>]`: padded `Label: value` rows under one heading per
 * app, one JSON object (keyed by app when no app was given), or a single value for an info flag.
 */
export async function printReport(ctx: PluginContext, argv: CommandArgs, o: ReportOptions): Promise<void> {
  const format = argv.format === undefined ? 'stdout' : String(argv.format);
  if (format !== 'stdout' && format !== 'json') throw errors.usage(`Invalid --format value '${format}': use json or stdout`);
  const apps = o.app ? [o.app] : await visibleAppList(ctx);
  const reports: Record<string, ReportRows> = {};
  for (const app of apps) reports[app] = await o.rows(app);
  const info = Object.keys(argv).find((k) => k !== '_' && k !== '$0' && k !== 'format' && k !== 'global');
  if (info) {
    if (!o.app) throw errors.usage(`--${info} needs an app name`);
    const value = reports[o.app]![info];
    if (value === undefined) throw errors.usage(`Invalid flag passed, valid flags: ${Object.keys(reports[o.app]!).map((k) => `--${k}`).join(', ')}`);
    ctx.log.out(value);
    return;
  }
  if (format === 'json') {
    ctx.log.out(JSON.stringify(o.app ? reports[o.app] : reports));
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
export function reportCommand(title: string, rows: (ctx: PluginContext, app: string) => ReportRows | Promise<ReportRows>): CommandDefinition {
  return {
    usage: '[<app>] [--format json] [--<flag>]',
    builder: (y) => y.option('format', { type: 'string', describe: 'stdout or json' }),
    async handler(ctx, argv) {
      const name = argv._[0] === undefined ? undefined : String(argv._[0]);
      const app = name === undefined ? undefined : await verifyApp(ctx, name);
      await printReport(ctx, argv, { title, app, rows: (a) => rows(ctx, a) });
    },
  };
}

/** A plugin's `report APP` trigger handler: its section of the all-plugins report, in Dokku's layout. */
export function reportTrigger(title: string, rows: (ctx: PluginContext, app: string) => ReportRows | Promise<ReportRows>) {
  return (ctx: PluginContext, app: string) => printReport(ctx, { _: [] } as unknown as CommandArgs, { title, app, rows: (a) => rows(ctx, a) });
}
