import { GLOBAL, errors, printReport, verifyApp, type CommandDefinition } from '../../core/sdk.js';
import { readyTimeoutMs } from './settings.js';

const KEYS = ['ready-timeout-seconds'];

export const commands: Record<string, CommandDefinition> = {
  'scheduler-docker-local:set': {
    usage: '<app>|--global ready-timeout-seconds [value]',
    raw: true,
    async handler(ctx, argv) {
      const [target, key, value = '', ...extra] = argv._.map(String);
      if (!target || !key || extra.length) throw errors.usage('Usage: berth scheduler-docker-local:set <app>|--global <key> [value]');
      const scope = target === GLOBAL ? GLOBAL : await verifyApp(ctx, target);
      if (!KEYS.includes(key)) throw errors.invalidValue(`Invalid property specified, valid properties include: ${KEYS.join(', ')}`);
      if (value !== '' && !/^[1-9]\d{0,3}$/.test(value)) throw errors.invalidValue(`Invalid ${key} '${value}': expected whole seconds 1-9999`);
      ctx.props.set(scope, key, value);
      ctx.log.info1(value === '' ? `Unsetting ${key}` : `Setting ${key} to ${value}`);
    },
  },

  'scheduler-docker-local:report': {
    usage: '[app] [--format json]',
    builder: (y) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' }),
    async handler(ctx, argv) {
      const app = argv._[0] === undefined ? undefined : await verifyApp(ctx, String(argv._[0]));
      await printReport(ctx, argv, {
        title: 'scheduler-docker-local',
        app,
        rows: (a) => ({
          'scheduler-docker-local-ready-timeout-seconds': ctx.props.get(a, 'ready-timeout-seconds') ?? '',
          'scheduler-docker-local-global-ready-timeout-seconds': ctx.props.get(GLOBAL, 'ready-timeout-seconds') ?? '',
          'scheduler-docker-local-computed-ready-timeout-seconds': String(readyTimeoutMs(ctx, a) / 1000),
        }),
      });
    },
  },
};
