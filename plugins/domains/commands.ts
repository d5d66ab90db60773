import { errors, reportCommand, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { appDomains, assertUnclaimed, defaultDomains, globalDomains, globalEnabled, setAppDomains, setVhostsEnabled, validNew, vhostsEnabled } from './store.js';
import { appUrls } from './urls.js';


function positional(argv: CommandArgs): string[] {
  return argv._.map(String);
}

async function changed(ctx: PluginContext, app: string, action: string, domains: string[] = []): Promise<void> {
  await ctx.triggers.notify('post-domains-update', app, action, ...domains);
}

const globalRows = (ctx: PluginContext) => ({
  'domains-global-enabled': String(globalEnabled(ctx)),
  'domains-global-vhosts': globalDomains(ctx).join(' '),
});

const report = reportCommand(
  'domains',
  (ctx, a) => ({ 'domains-app-enabled': String(vhostsEnabled(ctx, a)), 'domains-app-vhosts': appDomains(ctx, a).join(' '), ...globalRows(ctx) }),
  { jsonKeys: 'stripped', globalRows },
);

export const appCommands: Record<string, CommandDefinition> = {
  'domains:report': report,
  'domains:add': {
    usage: '<app> <domain>...',
    async handler(ctx, argv) {
      const [name, ...rest] = positional(argv);
      const app = await verifyApp(ctx, name);
      const existing = appDomains(ctx, app);
      const { added, skipped } = validNew(rest, existing);
      assertUnclaimed(ctx, app, added);
      setAppDomains(ctx, app, [...existing, ...added]);
      for (const d of skipped) ctx.log.info1(`Skipping: ${d} already added to ${app}`);
      for (const d of added) ctx.log.info1(`Added ${d} to ${app}`);
      if (!vhostsEnabled(ctx, app)) ctx.log.warn(`Domains are disabled for ${app}; run 'berth domains:enable ${app}' to serve them`);
      await changed(ctx, app, 'add', added);
    },
  },
  'domains:remove': {
    usage: '<app> <domain>...',
    async handler(ctx, argv) {
      const [name, ...rest] = positional(argv);
      const app = await verifyApp(ctx, name);
      if (!rest.length) throw errors.usage('Please specify at least one domain');
      const existing = appDomains(ctx, app);
      const removed = rest.map((d) => d.toLowerCase());
      const missing = removed.find((d) => !existing.includes(d));
      if (missing) throw errors.notFound(`Domain ${missing} is not set for ${app}`);
      setAppDomains(ctx, app, existing.filter((d) => !removed.includes(d)));
      for (const d of removed) ctx.log.info1(`Removed ${d} from ${app}`);
      await changed(ctx, app, 'remove', removed);
    },
  },
  'domains:set': {
    usage: '<app> <domain>...',
    async handler(ctx, argv) {
      const [name, ...rest] = positional(argv);
      const app = await verifyApp(ctx, name);
      const domains = validNew(rest, []).added;
      assertUnclaimed(ctx, app, domains);
      setAppDomains(ctx, app, domains);
      ctx.log.info1(`Set ${domains.join(' ')} for ${app}`);
      await changed(ctx, app, 'set', domains);
    },
  },
  'domains:clear': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      setAppDomains(ctx, app, []);
      ctx.log.info1(`Cleared domains of ${app}`);
      await changed(ctx, app, 'clear');
    },
  },
  'domains:reset': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      const defaults = await defaultDomains(ctx, app);
      assertUnclaimed(ctx, app, defaults);
      setAppDomains(ctx, app, defaults);
      // no global domain to derive one from: nothing to serve, as for a new app
      if (!defaults.length && vhostsEnabled(ctx, app)) {
        await ctx.triggers.notify('pre-disable-vhost', app);
        setVhostsEnabled(ctx, app, false);
        await changed(ctx, app, 'disable');
      }
      await changed(ctx, app, 'reset');
      ctx.log.info1(`Reset domains for ${app}`);
    },
  },
  'domains:enable': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      await ctx.triggers.notify('pre-enable-vhost', app);
      setVhostsEnabled(ctx, app, true);
      if (!appDomains(ctx, app).length) {
        const defaults = await defaultDomains(ctx, app);
        assertUnclaimed(ctx, app, defaults);
        setAppDomains(ctx, app, defaults);
      }
      ctx.log.info1(`Enabled domains for ${app}`);
      await changed(ctx, app, 'enable', appDomains(ctx, app));
    },
  },
  'domains:disable': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      await ctx.triggers.notify('pre-disable-vhost', app);
      setVhostsEnabled(ctx, app, false);
      ctx.log.info1(`Disabled domains for ${app}`);
      await changed(ctx, app, 'disable');
    },
  },
  url: {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      ctx.log.out((await appUrls(ctx, app))[0] ?? '');
    },
  },
  urls: {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      for (const u of await appUrls(ctx, app)) ctx.log.out(u);
    },
  },
};
