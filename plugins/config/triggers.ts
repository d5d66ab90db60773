import { GLOBAL, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { parsePair, setConfig, unsetConfig } from './actions.js';
import { parseArgs, takeScope } from './args.js';
import { assertExportFormat, exportEnv } from './formats.js';
import { envOf, readEnv } from './store.js';

const yes = (v: string | undefined) => v === 'true' || v === '1';

/** The same argument rules as the commands, for plugins that call config-set / config-unset. */
async function apiScope(ctx: PluginContext, args: string[], flags: string[], usage: string) {
  const p = parseArgs(args, [GLOBAL, ...flags], usage);
  return { p, scope: await takeScope(ctx, p), restart: !p.flags.has('--no-restart') };
}

export const triggers: TypedTriggerHandlers = {
  'config-get': (ctx, app, key) => readEnv(ctx, app)[key] ?? '',

  'config-get-global': (ctx, key) => readEnv(ctx, GLOBAL)[key] ?? '',

  'config-export': (ctx, app, global, merged, format) => {
    const scope = yes(global) ? GLOBAL : app;
    return exportEnv(envOf(ctx, scope, yes(merged)), assertExportFormat(format || 'exports'));
  },

  'config-set': async (ctx, ...args) => {
    const { p, scope, restart } = await apiScope(ctx, args, ['--no-restart', '--encoded', '--silent'], 'config-set [--no-restart] [--encoded] [--silent] APP K=V...');
    const pairs = p.positionals.map((a) => parsePair(a, p.flags.has('--encoded')));
    await setConfig(ctx, scope, pairs, { restart, silent: p.flags.has('--silent') });
  },

  // Dokku's shape is `[--global] APP KEY [RESTART]`: a trailing true/false after the keys is RESTART
  'config-unset': async (ctx, ...args) => {
    const { p, scope, restart } = await apiScope(ctx, args, ['--no-restart'], 'config-unset [--no-restart] [--global] APP KEY... [RESTART]');
    const last = p.positionals.at(-1);
    const explicit = p.positionals.length > 1 && (last === 'true' || last === 'false') ? p.positionals.pop() : undefined;
    await unsetConfig(ctx, scope, p.positionals, { restart: explicit === undefined ? restart : explicit === 'true' && restart });
  },

  'post-delete': (ctx, app) => ctx.props.destroy(app),

  'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),

  'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
};
