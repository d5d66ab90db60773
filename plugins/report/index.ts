import fs from 'node:fs';
import os from 'node:os';
import { berthVersion, definePlugin, errors, filterVisibleApps, verifyApp, type PluginContext } from '../../sdk/index.js';

/** What Dokku's report starts with, for what berth runs on. */
function vitals(ctx: PluginContext, version: string): void {
  const u = os.userInfo();
  ctx.log.info1(`uname: ${os.type()} ${os.hostname()} ${os.release()} ${os.arch()}`);
  ctx.log.info1(`memory: ${Math.round(os.freemem() / 1024 ** 2)} MiB free of ${Math.round(os.totalmem() / 1024 ** 2)} MiB`);
  ctx.log.info1(`berth version: ${version}`);
  ctx.log.info1(`node version: ${process.version}`);
  ctx.log.info1(`running as: ${u.username}`);
  ctx.log.info1('berth plugins: ');
}

const enabledPlugins = (ctx: PluginContext) => fs.readdirSync(ctx.paths.enabled).filter((n) => !n.startsWith('.')).sort();

/** Fires `report APP` for each app: every plugin that implements it prints its section. */
async function reportApps(ctx: PluginContext, apps: string[]): Promise<void> {
  for (const app of apps) await ctx.triggers.notify('report', app);
}

export default definePlugin({
  commands: {
    report: {
      usage: '[<app>|--all]',
      raw: true,
      async handler(ctx, argv) {
        const [arg, extra] = argv._.map(String);
        if (arg === '--format') throw errors.usage('--format flag not supported on global report', 'Each X:report command takes --format json');
        if (extra !== undefined) throw errors.usage(`Unexpected argument '${extra}'`, 'Usage: berth report [<app>|--all]');
        const app = arg && arg !== '--all' ? await verifyApp(ctx, arg) : undefined;
        vitals(ctx, berthVersion());
        for (const p of enabledPlugins(ctx)) ctx.log.verbose(p);
        if (app) return reportApps(ctx, [app]);
        if (arg === '--all') {
          const apps = await filterVisibleApps(ctx, await ctx.triggers.collect('app-list'));
          if (!apps.length) return void ctx.log.warn("You haven't deployed any applications yet");
          await reportApps(ctx, apps);
        }
      },
    },
  },
});
