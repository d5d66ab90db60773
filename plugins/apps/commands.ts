import { errors, GLOBAL, verifyApp, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { createApp, listApps, visibleApps } from './functions.js';
import { cloneApp, confirmDestroy, destroyApp, renameApp } from './lifecycle.js';
import { currentLock, lockApp, unlockApp } from './lock.js';
import { report } from './report.js';
import type { Argv } from 'yargs';

const str = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));
const format = (y: Argv) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' });

/** Properties `apps:set` may change: per app, and the ones that may (or must) be set with --global. */
const APP_PROPERTIES = ['deploy-source', 'deploy-source-metadata'];
const GLOBAL_PROPERTIES = ['disable-autocreation'];
const BOOLEAN_PROPERTIES = new Set(['disable-autocreation']);

export const commands: Record<string, CommandDefinition> = {
  'apps:create': {
    usage: '<app>',
    async handler(ctx, argv) {
      await createApp(ctx, str(argv._[0]));
    },
  },

  'apps:destroy': {
    usage: '<app> [--force]',
    builder: (y) => y.option('force', { type: 'boolean', default: false, describe: 'Skip the confirmation' }),
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, str(argv._[0]));
      const forced = argv.force === true || ctx.flags.force || process.env.DOKKU_APPS_FORCE_DELETE === '1';
      if (!forced) await confirmDestroy(ctx, app);
      await destroyApp(ctx, app);
    },
  },

  // raw: yargs costs more than a whole listing of 1,000 apps
  'apps:list': {
    usage: '[--format stdout|json]',
    raw: true,
    async handler(ctx, argv) {
      const fmt = listFormat(ctx, argv._.map(String));
      if (fmt === 'help') return 0;
      const apps = await visibleApps(ctx, listApps(ctx));
      if (fmt === 'json') return void ctx.log.out(JSON.stringify(apps));
      if (!apps.length) return void ctx.log.warn("You haven't deployed any applications yet");
      ctx.log.info2('My Apps');
      ctx.stdout.write(apps.join('\n') + '\n');
    },
  },

  'apps:exists': {
    usage: '<app>',
    async handler(ctx, argv) {
      await verifyApp(ctx, str(argv._[0]));
    },
  },

  'apps:rename': {
    usage: '<old-app> <new-app> [--skip-deploy]',
    builder: (y) => y.option('skip-deploy', { type: 'boolean', default: false, describe: 'Do not rebuild the renamed app' }),
    async handler(ctx, argv) {
      await renameApp(ctx, str(argv._[0]), str(argv._[1]), argv.skipDeploy === true);
    },
  },

  'apps:clone': {
    usage: '<old-app> <new-app> [--skip-deploy] [--ignore-existing]',
    builder: (y) =>
      y
        .option('skip-deploy', { type: 'boolean', default: false, describe: 'Do not build the clone' })
        .option('ignore-existing', { type: 'boolean', default: false, describe: 'Warn instead of failing when the new name is taken' }),
    async handler(ctx, argv) {
      await cloneApp(ctx, str(argv._[0]), str(argv._[1]), { skipDeploy: argv.skipDeploy === true, ignoreExisting: argv.ignoreExisting === true });
    },
  },

  'apps:report': {
    usage: '[<app>|--global] [--format stdout|json] [--app-created-at|--app-deploy-source|--app-deploy-source-metadata|--app-dir|--app-global-disable-autocreation|--app-locked]',
    builder: (y) => format(y).option('global', { type: 'boolean', describe: 'Report the global properties' }),
    async handler(ctx, argv) {
      const named = str(argv._[0]);
      await report(ctx, argv, named === undefined ? undefined : await verifyApp(ctx, named));
    },
  },

  'apps:lock': {
    usage: '<app>',
    async handler(ctx, argv) {
      await lockApp(ctx, await verifyApp(ctx, str(argv._[0])));
    },
  },

  'apps:unlock': {
    usage: '<app>',
    async handler(ctx, argv) {
      unlockApp(ctx, await verifyApp(ctx, str(argv._[0])));
    },
  },

  'apps:locked': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, str(argv._[0]));
      if (currentLock(ctx, app)) return void ctx.log.info1('Deploy lock exists');
      ctx.log.info1('Deploy lock does not exist');
      return 1;
    },
  },

  'apps:set': {
    usage: '<app>|--global <key> [<value>]',
    raw: true,
    async handler(ctx, argv) {
      const [scope = '', key = '', value = ''] = argv._.map(String);
      const global = scope === GLOBAL;
      if (!global) await verifyApp(ctx, scope || undefined);
      if (global && !GLOBAL_PROPERTIES.includes(key)) throw errors.usage('Property cannot be specified globally', `Global properties: ${GLOBAL_PROPERTIES.join(', ')}`);
      if (!key) throw errors.usage('No property specified');
      if (!global && GLOBAL_PROPERTIES.includes(key)) throw errors.usage('Property can only be specified globally', `Run 'apps:set --global ${key} ${value}'`.trimEnd());
      if (!global && !APP_PROPERTIES.includes(key))
        throw errors.usage(`Invalid property specified, valid properties include: ${[...APP_PROPERTIES, ...GLOBAL_PROPERTIES].sort().join(', ')}`);
      if (BOOLEAN_PROPERTIES.has(key) && value !== '' && value !== 'true' && value !== 'false')
        throw errors.invalidValue(`Invalid value '${value}' for ${key}: expected true or false`);
      ctx.log.info2(value === '' ? `Unsetting ${key}` : `Setting ${key} to ${value}`);
      ctx.props.set(scope, key, value);
    },
  },
};

/** apps:list takes only `--format`; parsed by hand so listing never loads yargs. */
function listFormat(ctx: PluginContext, args: string[]): 'stdout' | 'json' | 'help' {
  let fmt = 'stdout';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      ctx.log.out('Usage: berth apps:list [--format stdout|json]\n\nList your apps');
      return 'help';
    } else if (a === '--format') fmt = args[++i] ?? '';
    else if (a.startsWith('--format=')) fmt = a.slice('--format='.length);
    else throw errors.usage(`Unexpected argument '${a}'`, 'Usage: berth apps:list [--format stdout|json]');
  }
  if (fmt !== 'stdout' && fmt !== 'json') throw errors.invalidValue(`Invalid --format '${fmt}': expected stdout or json`);
  return fmt;
}
