import { definePlugin, errors, selectedProvider, validate, verifyApp, type PluginContext } from '../../sdk/index.js';

const schedulerOf = (ctx: PluginContext, app: string) => selectedProvider(ctx, 'scheduler', app);

/**
 * `APP [--env K=V | --env=K=V]... [--no-tty] [--] CMD...`: options only before the command, so the
 * command's own flags (node -e …) pass through untouched. Returns scheduler options, `--`, the command.
 */
function parse(args: string[], what: string): { app: string | undefined; forward: string[] } {
  const [app, ...rest] = args;
  const opts: string[] = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--') { i++; break; }
    if (a === '--no-tty') opts.push(a);
    else if (a === '--env' || a === '-e' || a.startsWith('--env=')) {
      const kv = a.startsWith('--env=') ? a.slice(6) : rest[++i];
      const eq = kv?.indexOf('=') ?? -1;
      if (!kv || eq < 1) throw errors.usage(`Invalid --env '${kv ?? ''}'`, 'Use --env KEY=VALUE');
      validate.assertConfigKey(kv.slice(0, eq));
      opts.push(`--env=${kv}`);
    } else if (a.startsWith('--')) throw errors.usage(`Unknown ${what} option '${a}'`, 'Put -- before the command when it starts with --');
    else break;
  }
  return { app, forward: [...opts, '--', ...rest.slice(i)] };
}

export default definePlugin({
  commands: {
    run: {
      usage: '<app> [--env K=V]... [--no-tty] [--] <cmd>...',
      raw: true,
      async handler(ctx, argv) {
        const { app, forward } = parse(argv._.map(String), 'run');
        const name = await verifyApp(ctx, app);
        if (forward[forward.length - 1] === '--') throw errors.usage('Usage: berth run <app> [--env K=V]... [--no-tty] [--] <cmd>...');
        await ctx.triggers.select('scheduler-run', await schedulerOf(ctx, name), name, ...forward);
      },
    },
    'run:detached': {
      usage: '<app> [--env K=V]... [--] <cmd>...',
      raw: true,
      async handler(ctx, argv) {
        const { app, forward } = parse(argv._.map(String), 'run:detached');
        const name = await verifyApp(ctx, app);
        if (forward[forward.length - 1] === '--') throw errors.usage('Usage: berth run:detached <app> <cmd>...');
        await ctx.triggers.select('scheduler-run', await schedulerOf(ctx, name), name, '--detach', ...forward);
      },
    },
    'run:list': {
      usage: '<app> [--format json]',
      builder: (y) => y.option('format', { type: 'string', choices: ['text', 'json'], default: 'text' }),
      async handler(ctx, argv) {
        const name = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
        await ctx.triggers.select('scheduler-run-list', await schedulerOf(ctx, name), name, String(argv.format));
      },
    },
    'run:logs': {
      usage: '<app> [container] [--num N] [--tail] [--quiet]',
      builder: (y) =>
        y
          .option('num', { alias: 'n', type: 'number', default: 0, describe: 'Only the last N lines (0: all)' })
          .option('tail', { alias: 't', type: 'boolean', default: false, describe: 'Keep streaming new output' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Raw lines, without timestamp and dyno' }),
      async handler(ctx, argv) {
        const name = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
        const num = Number(argv.num);
        if (!Number.isInteger(num) || num < 0) throw errors.usage(`Invalid --num '${String(argv.num)}'`, 'Use a whole number of lines');
        const flags = [`--num=${num}`, ...(argv.tail ? ['--tail'] : []), ...(argv.quiet ? ['--quiet'] : [])];
        await ctx.triggers.select('scheduler-run-logs', await schedulerOf(ctx, name), name, ...argv._.slice(1).map(String), ...flags);
      },
    },
    'run:stop': {
      usage: '<app> <container>',
      builder: (y) => y.option('container', { type: 'string', describe: 'The one-off container (as run:list shows it)' }),
      async handler(ctx, argv) {
        const name = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
        const container = argv.container === undefined ? argv._[1] : argv.container;
        if (container === undefined || argv._.length > 2) throw errors.usage('Usage: berth run:stop <app> <container>', `See: run:list ${name}`);
        await ctx.triggers.select('scheduler-run-stop', await schedulerOf(ctx, name), name, String(container));
      },
    },
    enter: {
      usage: '<app> [proc|container] [--no-tty] [cmd]...',
      raw: true,
      async handler(ctx, argv) {
        const { app, forward } = parse(argv._.map(String), 'enter');
        const name = await verifyApp(ctx, app);
        await ctx.triggers.select('scheduler-enter', await schedulerOf(ctx, name), name, ...forward);
      },
    },
  },
});
