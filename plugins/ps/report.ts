import { GLOBAL, printReport, verifyApp, type CommandArgs, type PluginContext, type ReportRows } from '../../sdk/index.js';
import { property, readScale, settable } from './properties.js';
import { schedulerOf } from './release.js';

async function rows(ctx: PluginContext, app: string): Promise<ReportRows> {
  const scheduler = await schedulerOf(ctx, app);
  const [count = '0', running = 'false'] = (await ctx.triggers.selectValue('scheduler-app-status', scheduler, app)).trim().split(/\s+/);
  const deployed = property(ctx, app, 'deployed');
  const status = deployed !== 'true' ? 'not deployed' : running === 'true' ? 'running' : running === 'mixed' ? 'mixed' : 'stopped';
  const out: ReportRows = { deployed, status, processes: count, running, restore: property(ctx, app, 'restore') };
  out['ps-scale'] = property(ctx, app, 'scale');
  for (const type of readScale(ctx, app).keys()) {
    const [n = '0'] = (await ctx.triggers.selectValue('scheduler-app-status', scheduler, app, type)).trim().split(/\s+/);
    out[`ps-count-${type}`] = n;
  }
  out['ps-release-image'] = property(ctx, app, 'release-image');
  for (const key of Object.keys(settable)) {
    out[`ps-${key}`] = ctx.props.get(app, key) ?? '';
    out[`ps-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
    out[`ps-computed-${key}`] = property(ctx, app, key);
  }
  out['ps-scheduler'] = scheduler;
  return out;
}

/** `ps:report --global`: the global values of the settable properties and what apps without their own get. */
function globalRows(ctx: PluginContext): ReportRows {
  const out: ReportRows = {};
  for (const [key, { fallback }] of Object.entries(settable)) {
    out[`ps-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
    out[`ps-computed-${key}`] = ctx.props.get(GLOBAL, key) || fallback;
  }
  return out;
}

/** ps:report [APP] [--format json] [--KEY]: one app, or every app from `app-list`. */
export async function psReport(ctx: PluginContext, argv: CommandArgs): Promise<void> {
  const app = argv._[0] === undefined ? undefined : await verifyApp(ctx, String(argv._[0]));
  await printReport(ctx, argv, { title: 'ps', app, rows: (a) => rows(ctx, a), globalRows: () => globalRows(ctx), jsonKeys: 'both' });
}
