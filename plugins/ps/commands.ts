import { GLOBAL, errors, propertySetCommand, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { withDeployLock } from './lock.js';
import { isDeployed, parseScaleArgs, readScale, totalScale, settable, writeScale } from './properties.js';
import { currentTag, deployRelease, schedulerOf } from './release.js';
import { psReport } from './report.js';
import { psRestore } from './restore.js';
import { retireApp } from './retire.js';
import { parseProcfile, readStaged } from './staged.js';

const appArg = (argv: CommandArgs) => (argv._[0] === undefined ? undefined : String(argv._[0]));

function requireDeployed(ctx: PluginContext, app: string): void {
  if (!isDeployed(ctx, app)) throw errors.conflict(`App ${app} has not been deployed`, 'Deploy it first with git push');
}

/** Once the app's process types are known (a Procfile, or a deploy without one: web only), others are refused. */
function assertKnownTypes(ctx: PluginContext, app: string, types: string[]): void {
  const procfile = readStaged(ctx, app, 'Procfile');
  if (procfile === undefined && !isDeployed(ctx, app)) return;
  const known = new Set(['web', ...parseProcfile(procfile).keys()]);
  const unknown = types.filter((t) => !known.has(t));
  if (unknown.length)
    throw errors.invalidValue(`Process type${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not found in the Procfile of ${app}`, `Known process types: ${[...known].join(', ')}`);
}

export const commands: Record<string, CommandDefinition> = {
  'ps:start': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, appArg(argv));
      requireDeployed(ctx, app);
      await withDeployLock(ctx, app, async () => {
        const pre = await ctx.triggers.gate('pre-start', app);
        if (!pre.ok) throw pre.error ?? errors.denied(`pre-start refused to start ${app}`);
        const status = (await ctx.triggers.selectValue('scheduler-app-status', await schedulerOf(ctx, app), app)).trim();
        if (status.endsWith(' true') && Number(status.split(' ')[0]) === totalScale(readScale(ctx, app))) {
          ctx.props.set(app, 'restore', 'true');
          ctx.log.info1(`App ${app} is already running`);
          return;
        }
        ctx.log.info1(`Starting ${app}`);
        await deployRelease(ctx, app, currentTag(ctx, app));
      });
    },
  },

  'ps:stop': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, appArg(argv));
      await withDeployLock(ctx, app, async () => {
        ctx.log.info1(`Stopping ${app}`);
        await ctx.triggers.select('scheduler-stop', await schedulerOf(ctx, app), app, 'false');
        ctx.props.set(app, 'restore', 'false');
        await ctx.triggers.notify('post-stop', app);
      });
    },
  },

  'ps:restart': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, appArg(argv));
      requireDeployed(ctx, app);
      await withDeployLock(ctx, app, async () => {
        ctx.log.info1(`Restarting ${app}`);
        // As Dokku's ps:restart: the `deploy` trigger (ps answers it), so other plugins see the restart.
        await ctx.triggers.notify('deploy', app, currentTag(ctx, app));
      });
    },
  },

  'ps:rebuild': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, appArg(argv));
      if (!ctx.triggers.implemented('receive-app')) throw errors.notFound('ps:rebuild needs a plugin that implements receive-app (the git plugin)');
      await ctx.triggers.notify('receive-app', app);
    },
  },

  'ps:scale': {
    usage: '<app> [TYPE=N ...]',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, appArg(argv));
      const wanted = parseScaleArgs(argv._.slice(1).map(String));
      assertKnownTypes(ctx, app, [...wanted.keys()]);
      if (!wanted.size) {
        ctx.log.info1(`Scaling for ${app}`);
        ctx.log.out('proctype: qty\n--------: ---');
        for (const [type, n] of readScale(ctx, app)) ctx.log.out(`${type}: ${String(n).padStart(4)}`);
        return;
      }
      await withDeployLock(ctx, app, async () => {
        const scale = readScale(ctx, app);
        for (const [type, n] of wanted) scale.set(type, n);
        writeScale(ctx, app, scale);
        ctx.log.info1(`Scaling ${app} processes: ${[...wanted].map(([t, n]) => `${t}=${n}`).join(' ')}`);
        if (isDeployed(ctx, app)) await ctx.triggers.notify('deploy', app, currentTag(ctx, app));
      });
    },
  },

  'ps:retire': {
    usage: '[app]',
    async handler(ctx, argv) {
      const apps = appArg(argv) === undefined ? await ctx.triggers.collect('app-list') : [await verifyApp(ctx, appArg(argv))];
      for (const app of apps.map((a) => a.trim()).filter(Boolean)) {
        await withDeployLock(ctx, app, () => retireApp(ctx, app));
      }
    },
  },

  'ps:set': propertySetCommand('ps:set', Object.fromEntries(Object.entries(settable).map(([k, p]) => [k, p.check]))),

  'ps:report': {
    usage: '[app|--global] [--format json]',
    builder: (y) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' }).option('global', { type: 'boolean', describe: 'Report the global properties' }),
    handler: psReport,
  },

  'ps:restore': {
    usage: '[--parallel N]',
    builder: (y) => y.option('parallel', { type: 'string', default: '1', describe: 'How many apps to restore at once' }),
    handler: psRestore,
  },
};
