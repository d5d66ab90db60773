import { definePlugin, errors, selectedProvider, validate, verifyApp } from '../../sdk/index.js';

export default definePlugin({
  commands: {
    logs: {
      usage: '<app> [-t|--tail] [-n N] [-p PROCESS] [-q]',
      builder: (y) =>
        y
          .option('tail', { alias: 't', type: 'boolean', default: false, describe: 'Keep streaming new lines' })
          .option('num', { alias: 'n', type: 'string', default: '100', describe: 'Number of lines to show (0: all)' })
          .option('ps', { alias: 'p', type: 'string', default: '', describe: 'Only this process type (e.g. web)' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Raw lines, without time and dyno' }),
      async handler(ctx, argv) {
        const app = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
        const num = String(argv.num);
        if (!/^\d{1,7}$/.test(num)) throw errors.invalidValue(`Invalid number of lines '${num}'`);
        const proc = String(argv.ps ?? '');
        if (proc) validate.assertProcessType(proc);
        const scheduler = await selectedProvider(ctx, 'scheduler', app);
        await ctx.triggers.select('scheduler-logs', scheduler, app, proc, String(!!argv.tail), String(!argv.quiet), num);
      },
    },
  },
});
