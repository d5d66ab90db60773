import { GLOBAL, errors, propertySetCommand, reportCommand, validate, verifyApp, type CommandDefinition, type PluginContext } from '../../sdk/index.js';

const ALL = '_all_';

/** `web,worker` → validated types; none given means every type. */
function typesArg(arg: unknown): string[] {
  if (arg === undefined || String(arg) === '') return [ALL];
  const types = String(arg).split(',').map((t) => t.trim()).filter(Boolean);
  if (!types.length) throw errors.usage('Specify process types separated by commas, e.g. web,worker');
  return types.map((t) => (t === ALL ? t : validate.assertProcessType(t)));
}

function list(ctx: PluginContext, app: string, key: string): string[] {
  return (ctx.props.get(app, key) ?? '').split(',').filter(Boolean);
}

function save(ctx: PluginContext, app: string, key: string, types: string[]): void {
  const unique = types.includes(ALL) ? [ALL] : [...new Set(types)];
  if (unique.length) ctx.props.set(app, key, unique.join(','));
  else ctx.props.delete(app, key);
}

/** Add types to one list (disabled or skipped) and take them out of the other, as Dokku does. */
function mark(ctx: PluginContext, app: string, key: 'disabled' | 'skipped', types: string[]): void {
  const other = key === 'disabled' ? 'skipped' : 'disabled';
  save(ctx, app, key, [...list(ctx, app, key), ...types]);
  save(ctx, app, other, types.includes(ALL) ? [] : list(ctx, app, other).filter((t) => !types.includes(t)));
}

const change = (verb: string, run: (ctx: PluginContext, app: string, types: string[]) => void): CommandDefinition => ({
  usage: '<app> [process-types]',
  async handler(ctx, argv) {
    const app = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
    if (argv._.length > 2) throw errors.usage(`Usage: berth checks:${verb} <app> [type,type...]`);
    const types = typesArg(argv._[1]);
    run(ctx, app, types);
    ctx.log.info1(`${verb[0].toUpperCase()}${verb.slice(1)}${verb.endsWith('e') ? 'd' : 'ped'} deploy checks for ${types.includes(ALL) ? 'all processes' : types.join(', ')} of ${app}`);
  },
});

/** Seconds old containers keep running after the proxy switched away from them (Dokku's default 60). */
export const WAIT_TO_RETIRE_DEFAULT = '60';

const settable = {
  'wait-to-retire': (v: string) => {
    if (!/^\d{1,5}$/.test(v)) throw errors.invalidValue(`Invalid wait-to-retire '${v}': expected whole seconds (0-99999)`);
  },
};

export const commands: Record<string, CommandDefinition> = {
  'checks:disable': change('disable', (ctx, app, types) => mark(ctx, app, 'disabled', types)),
  'checks:skip': change('skip', (ctx, app, types) => mark(ctx, app, 'skipped', types)),
  'checks:enable': change('enable', (ctx, app, types) => {
    for (const key of ['disabled', 'skipped']) {
      const current = list(ctx, app, key);
      if (!types.includes(ALL) && current.includes(ALL))
        throw errors.conflict(`Checks are ${key} for all processes of ${app}`, `Run checks:enable ${app} first, then ${key === 'disabled' ? 'checks:disable' : 'checks:skip'} the types you want`);
      save(ctx, app, key, types.includes(ALL) ? [] : current.filter((t) => !types.includes(t)));
    }
  }),
  'checks:set': propertySetCommand('checks:set', settable),
  'checks:report': reportCommand('checks', appRows, { globalRows, jsonKeys: 'both' }),
};

export function appRows(ctx: PluginContext, app: string): Record<string, string> {
  return {
    'checks-disabled-list': list(ctx, app, 'disabled').join(',') || 'none',
    'checks-skipped-list': list(ctx, app, 'skipped').join(',') || 'none',
    'checks-computed-wait-to-retire': ctx.props.computed(app, 'wait-to-retire', WAIT_TO_RETIRE_DEFAULT),
    'checks-global-wait-to-retire': ctx.props.get(GLOBAL, 'wait-to-retire') ?? '',
    'checks-wait-to-retire': ctx.props.get(app, 'wait-to-retire') ?? '',
  };
}

function globalRows(ctx: PluginContext): Record<string, string> {
  return {
    'checks-computed-wait-to-retire': ctx.props.get(GLOBAL, 'wait-to-retire') || WAIT_TO_RETIRE_DEFAULT,
    'checks-global-wait-to-retire': ctx.props.get(GLOBAL, 'wait-to-retire') ?? '',
  };
}
