import { errors, GLOBAL, reportCommand, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { appRows, globalRows, isEnabled, isPortKey, PORT_KEYS, proxyType, setEnabled, setPort, setType } from './store.js';

const withAll: CommandDefinition['builder'] = (y) => y.option('all', { type: 'boolean', describe: 'Every app' });

function positional(argv: CommandArgs): string[] {
  return argv._.map(String);
}

/** APP, or every app with --all. */
async function targets(ctx: PluginContext, argv: CommandArgs): Promise<string[]> {
  const name = positional(argv)[0];
  if (argv.all) {
    if (name) throw errors.usage('Specify either an app or --all, not both');
    return ctx.triggers.collect('app-list');
  }
  return [await verifyApp(ctx, name)];
}

export const commands: Record<string, CommandDefinition> = {
  'proxy:report': reportCommand('proxy', appRows, { globalRows, jsonKeys: 'both' }),
  'proxy:enable': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      if (isEnabled(ctx, app)) return void ctx.log.info1(`Proxy is already enabled for ${app}`);
      ctx.log.info1(`Enabling the ${proxyType(ctx, app)} proxy for ${app}`);
      setEnabled(ctx, app, true);
      await ctx.triggers.notify('proxy-enable', app);
    },
  },
  'proxy:disable': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      if (!isEnabled(ctx, app)) return void ctx.log.info1(`Proxy is already disabled for ${app}`);
      ctx.log.info1(`Disabling the ${proxyType(ctx, app)} proxy for ${app}`);
      setEnabled(ctx, app, false);
      await ctx.triggers.notify('proxy-disable', app);
    },
  },
  'proxy:set': {
    usage: '<app|--global> [type] <proxy-type>',
    builder: (y) => y.option('global', { type: 'boolean', describe: 'Set the global default' }),
    async handler(ctx, argv) {
      const args = positional(argv);
      const scope = argv.global ? GLOBAL : await verifyApp(ctx, args.shift());
      // `proxy:set APP type VALUE` (berth's property form) and Dokku's `proxy:set APP VALUE`
      if (args[0] === 'type') args.shift();
      else if (args[0] !== undefined && isPortKey(args[0])) {
        const key = args.shift()!;
        if (args.length > 1) throw errors.usage(`${key} takes a single port`);
        const port = args[0] ?? '';
        setPort(ctx, scope, key, port);
        return ctx.log.info1(port ? `Setting ${key} to ${port}` : `Unsetting ${key}`);
      }
      if (args.length > 1) throw errors.usage(`Invalid property specified, valid properties include: type, ${PORT_KEYS.join(', ')}`);
      const value = args[0] ?? '';
      if (/^[a-z]+:\d+:\d+$/.test(value)) throw errors.invalidValue(`Detected potential port mapping instead of proxy type: ${value}`, `Did you mean ports:set ${scope} ${value}?`);
      setType(ctx, scope, value);
      const who = scope === GLOBAL ? 'globally' : `for ${scope}`;
      ctx.log.info1(value ? `Setting proxy type to ${value} ${who}` : `Resetting proxy type ${who}`);
    },
  },
  'proxy:build-config': {
    usage: '<app|--all>',
    builder: withAll,
    async handler(ctx, argv) {
      for (const app of await targets(ctx, argv)) {
        if (!isEnabled(ctx, app)) {
          ctx.log.warn(`Proxy is disabled for ${app}; not building its config`);
          continue;
        }
        await ctx.triggers.notify('proxy-build-config', app);
      }
    },
  },
  'proxy:clear-config': {
    usage: '<app|--all>',
    builder: withAll,
    async handler(ctx, argv) {
      if (argv.all && !positional(argv).length) return ctx.triggers.notify('proxy-clear-config', '--all');
      for (const app of await targets(ctx, argv)) await ctx.triggers.notify('proxy-clear-config', app);
    },
  },
};
