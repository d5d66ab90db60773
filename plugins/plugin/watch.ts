import path from 'node:path';
import { watch as watchFiles } from 'chokidar';
import { errors, pluginAdmin, validate, type CommandDefinition, type PluginContext } from '../../sdk/index.js';

interface Session {
  ctx: PluginContext;
  dir: string;
  name: string;
  trigger?: string;
  args: string[];
  runs: number;
  lastExit: number;
}

/** Bursts of saves (editors write several files) become one run. */
const SETTLE_MS = 100;
const IGNORED = /(^|[/\\])(\.git|node_modules)([/\\]|$)/;

/** One cycle: re-validate plugin.toml, then fire the trigger on a fresh engine that re-imports the plugin. */
async function cycle(s: Session, reason: string): Promise<void> {
  s.runs++;
  try {
    pluginAdmin.readManifest(path.join(s.dir, 'plugin.toml'));
  } catch (err) {
    s.ctx.log.warn(`${(err as Error).message}`);
    s.ctx.log.warn('plugin.toml is invalid; fix it and save, still watching');
    s.lastExit = 1;
    return;
  }
  if (!s.trigger) {
    s.ctx.log.info1(`plugin.toml is valid (${reason})`);
    s.lastExit = 0;
    return;
  }
  s.ctx.log.info1(`Running trigger ${s.trigger} (${reason})`);
  const trigger = s.trigger;
  s.lastExit = await pluginAdmin.withFreshEngine(
    s.ctx,
    async (e) => {
      const r = await e.triggers.raw(trigger, s.args, 'ignore');
      if (r.exit !== 0 && r.error && r.handlers.at(-1)?.kind === 'ts') s.ctx.log.warn(r.error.message);
      return r.exit;
    },
    { reload: s.name },
  );
  s.ctx.log.info1(`Trigger ${trigger} exited ${s.lastExit}`);
}

function name(ctx: PluginContext, dir: string): string {
  try {
    const m = pluginAdmin.readManifest(path.join(dir, 'plugin.toml'));
    return validate.assertPluginName(m.name ?? path.basename(dir));
  } catch (err) {
    ctx.log.warn(`${(err as Error).message}`);
    return validate.assertPluginName(path.basename(dir));
  }
}

/** `plugin:watch DIR [--trigger T] [--once | --max-runs N] [-- args…]` */
export const watch: CommandDefinition = {
  usage: '<dir> [--trigger TRIGGER] [--once | --max-runs N] [-- trigger args...]',
  builder: (y) =>
    y
      .option('trigger', { type: 'string', describe: 'Trigger to fire after every change' })
      .option('max-runs', { type: 'number', describe: 'Stop after this many runs (the first run counts)' })
      .option('once', { type: 'boolean', describe: 'Run once and exit (same as --max-runs 1)' }),
  async handler(ctx, argv) {
    const [dirArg, ...args] = argv._ as string[];
    if (!dirArg) throw errors.usage('Please specify the plugin directory to watch');
    const dir = path.resolve(dirArg);
    if (!pluginAdmin.isDir(dir)) throw errors.notFound(`Plugin directory ${dir} does not exist`);
    const maxRuns = argv.once ? 1 : ((argv.maxRuns as number | undefined) ?? Infinity);
    if (!(maxRuns >= 1)) throw errors.invalidValue('--max-runs must be 1 or more');
    if (argv.trigger !== undefined) validate.assertTriggerName(argv.trigger as string);

    const s: Session = { ctx, dir, name: name(ctx, dir), trigger: argv.trigger as string | undefined, args, runs: 0, lastExit: 0 };
    pluginAdmin.linkDevelopment(ctx.paths, s.name, dir);
    pluginAdmin.enable(ctx.paths, s.name);
    ctx.log.info1(`Plugin ${s.name} linked from ${dir} and enabled`);
    await cycle(s, 'first run');
    if (s.runs >= maxRuns) return s.lastExit;

    const watcher = watchFiles(dir, { ignoreInitial: true, ignored: (p: string) => IGNORED.test(path.relative(dir, p)) });
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    ctx.log.info1(`Watching ${dir} for changes (Ctrl-C to stop)`);

    return new Promise<number>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let running = false;
      let pending: string | undefined;
      const finish = async (code: number) => {
        process.off('SIGINT', interrupted);
        clearTimeout(timer);
        await watcher.close();
        resolve(code);
      };
      const interrupted = () => void finish(0);
      const run = async (reason: string) => {
        if (running) return void (pending = reason);
        running = true;
        await cycle(s, reason).catch((err) => ctx.log.warn((err as Error).message));
        running = false;
        if (s.runs >= maxRuns) return void finish(s.lastExit);
        if (pending) schedule(pending), (pending = undefined);
      };
      const schedule = (reason: string) => {
        clearTimeout(timer);
        timer = setTimeout(() => void run(reason), SETTLE_MS);
      };
      process.once('SIGINT', interrupted);
      watcher.on('all', (event, file) => schedule(`${event} ${path.relative(dir, file) || '.'}`));
    });
  },
};
