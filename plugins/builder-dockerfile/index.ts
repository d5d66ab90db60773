import { GLOBAL, definePlugin, errors, printReport, verifyApp } from '../../core/sdk.js';
import { buildDockerfile, detect } from './build.js';
import { property, settable } from './properties.js';

export default definePlugin({
  triggers: {
    'builder-detect': (ctx, app, dir) => detect(ctx, app, dir),
    'builder-build': buildDockerfile,
    'builder-release': async (ctx, type, app, tag) => {
      if (type === 'dockerfile') await ctx.triggers.notify('pre-release-dockerfile', app, tag);
    },
    'post-delete': (ctx, app) => ctx.props.destroy(app),
    'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
    'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  },
  commands: {
    'builder-dockerfile:set': {
      usage: '<app>|--global <dockerfile-path|build-args-from-config> [value]',
      raw: true,
      async handler(ctx, argv) {
        const [target, key, value = '', ...extra] = argv._.map(String);
        if (!target || !key || extra.length) throw errors.usage('Usage: berth builder-dockerfile:set <app>|--global <key> [value]');
        const scope = target === GLOBAL ? GLOBAL : await verifyApp(ctx, target);
        const prop = settable[key];
        if (!prop) throw errors.invalidValue(`Invalid property specified, valid properties include: ${Object.keys(settable).join(', ')}`);
        if (value !== '') prop.check(value);
        ctx.props.set(scope, key, value);
        ctx.log.info1(value === '' ? `Unsetting ${key}` : `Setting ${key} to ${value}`);
      },
    },
    'builder-dockerfile:report': {
      usage: '[app] [--format json]',
      builder: (y) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' }),
      async handler(ctx, argv) {
        const app = argv._[0] === undefined ? undefined : await verifyApp(ctx, String(argv._[0]));
        await printReport(ctx, argv, {
          title: 'builder-dockerfile',
          app,
          rows: (a) =>
            Object.fromEntries(
              Object.keys(settable).flatMap((k) => [
                [`builder-dockerfile-${k}`, ctx.props.get(a, k) ?? ''],
                [`builder-dockerfile-computed-${k}`, property(ctx, a, k)],
                [`builder-dockerfile-global-${k}`, ctx.props.get(GLOBAL, k) ?? ''],
              ]),
            ),
        });
      },
    },
  },
});
