import { errors, platformUser, printReport, verifyApp, type CommandDefinition } from '../../sdk/index.js';
import { storedTasks } from './tasks.js';
import { schedulerOf } from './triggers.js';

const appArg = (argv: { _: (string | number)[] }, i = 0) => (argv._[i] === undefined ? undefined : String(argv._[i]));

export const commands: Record<string, CommandDefinition> = {
  'cron:list': {
    usage: '<app> [--format json]',
    builder: (y) => y.option('format', { type: 'string', choices: ['text', 'json'], default: 'text' }),
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, appArg(argv));
      const tasks = storedTasks(ctx, app);
      if (argv.format === 'json') return void ctx.log.out(JSON.stringify(tasks.map((t) => ({ id: t.id, app, schedule: t.schedule, command: t.command }))));
      if (!tasks.length) return void ctx.log.warn(`${app} has no cron tasks (add a "cron" list to app.json and deploy)`);
      const rows = [['ID', 'Schedule', 'Command'], ...tasks.map((t) => [t.id, t.schedule, t.command])];
      const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length)) + 2;
      const [w0, w1] = [width(0), width(1)];
      for (const r of rows) ctx.log.out(`${r[0]!.padEnd(w0)}${r[1]!.padEnd(w1)}${r[2]}`);
    },
  },

  'cron:run': {
    usage: '<app> <id> [--detach]',
    builder: (y) => y.option('detach', { type: 'boolean', default: false, describe: 'Start the task in the background and print its container name' }),
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, appArg(argv));
      const id = appArg(argv, 1);
      if (!id) throw errors.usage('Usage: berth cron:run <app> <id> [--detach]', `See the ids with: cron:list ${app}`);
      const task = storedTasks(ctx, app).find((t) => t.id === id);
      if (!task) throw errors.notFound(`No cron task ${id} for ${app}`, `See the ids with: cron:list ${app}`);
      const detach = argv.detach ? ['--detach'] : [];
      await ctx.triggers.select('scheduler-run', await schedulerOf(ctx, app), app, '--no-tty', ...detach, `--env=BERTH_CRON_ID=${task.id}`, '--', '/bin/sh', '-c', task.command);
    },
  },

  'cron:report': {
    usage: '[app] [--format json]',
    builder: (y) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' }),
    async handler(ctx, argv) {
      const app = argv._[0] === undefined ? undefined : await verifyApp(ctx, String(argv._[0]));
      const user = platformUser(ctx.paths.root, ctx.env)?.name ?? 'none';
      await printReport(ctx, argv, {
        title: 'cron',
        app,
        rows: (a) => {
          const tasks = storedTasks(ctx, a);
          return { 'cron-task-count': String(tasks.length), 'cron-task-ids': tasks.map((t) => t.id).join(' ') || 'none', 'cron-crontab-user': user };
        },
      });
    },
  },
};
