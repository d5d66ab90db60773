import { errors, printReport, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { list, PHASES, processesWithOptions, type Phase } from './store.js';

/** Every phase's default options, then `deploy.<proc>` for each process type with options of its own. */
function scopes(ctx: PluginContext, app: string): { key: string; options: string[] }[] {
  const out = PHASES.map((p) => ({ key: p as string, options: list(ctx, app, p) }));
  for (const proc of processesWithOptions(ctx, app)) out.push({ key: `deploy.${proc}`, options: list(ctx, app, 'deploy' as Phase, proc) });
  return out;
}

const rows = (ctx: PluginContext, app: string) => Object.fromEntries(scopes(ctx, app).map((s) => [`docker-options-${s.key}`, s.options.join(' ')]));

/**
 * Dokku's JSON shape: each scope under its prefixed and its stripped key (a string), and `<scope>-list`
 * with the options one by one (an array), so tools need not split the joined string.
 */
function json(ctx: PluginContext, app: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const s of scopes(ctx, app)) {
    out[`docker-options-${s.key}`] = s.options.join(' ');
    out[s.key] = s.options.join(' ');
    out[`${s.key}-list`] = s.options;
  }
  return out;
}

/** `[APP] [--format json|stdout] [--docker-options-<scope>]`, parsed by hand: scope keys hold dots (`deploy.web`). */
function parseArgs(args: string[]): { app?: string; format?: string; flag?: string } {
  const o: { app?: string; format?: string; flag?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--format') o.format = args[++i] ?? '';
    else if (a.startsWith('--format=')) o.format = a.slice('--format='.length);
    else if (a.startsWith('--')) {
      if (o.flag) throw errors.usage('Only one info flag at a time');
      o.flag = a.slice(2);
    } else if (o.app === undefined) o.app = a;
    else throw errors.usage('Usage: berth docker-options:report [<app>] [--format json] [--docker-options-<phase>]');
  }
  return o;
}

/** `docker-options:report [APP] [--format json] [--docker-options-build|deploy|run|deploy.PROC]`. */
export const reportCommand: CommandDefinition = {
  usage: '[<app>] [--format json] [--docker-options-build|--docker-options-deploy|--docker-options-run|--docker-options-deploy.PROC]',
  raw: true,
  async handler(ctx, argv) {
    const { verifyApp, filterVisibleApps } = await import('../../sdk/index.js');
    const o = parseArgs(argv._.map(String));
    const app = o.app === undefined ? undefined : await verifyApp(ctx, o.app);
    if (o.format === 'json' && !o.flag) {
      if (app) return void ctx.log.out(JSON.stringify(json(ctx, app)));
      const apps = await filterVisibleApps(ctx, await ctx.triggers.collect('app-list'));
      return void ctx.log.out(JSON.stringify(Object.fromEntries(apps.map((a) => [a, json(ctx, a)]))));
    }
    const parsed = { _: app ? [app] : [], ...(o.format !== undefined ? { format: o.format } : {}), ...(o.flag ? { [o.flag]: true } : {}) } as unknown as CommandArgs;
    await printReport(ctx, parsed, { title: 'docker options', app, rows: (a) => rows(ctx, a) });
  },
};

/** This plugin's section of `report APP`. */
export function reportSection(ctx: PluginContext, app: string): Promise<void> {
  return printReport(ctx, { _: [] } as unknown as CommandArgs, { title: 'docker options', app, rows: (a) => rows(ctx, a) });
}
