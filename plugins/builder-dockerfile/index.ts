import { GLOBAL, definePlugin, errors, printReport, propertySetCommand, releaseHooks, verifyApp } from '../../sdk/index.js';
import { buildDockerfile, detect } from './build.js';
import { property, settable } from './properties.js';

export default definePlugin({
  triggers: {
    'builder-detect': (ctx, app, dir) => detect(ctx, app, dir),
    'builder-build': buildDockerfile,
    'builder-release': (ctx, type, app, tag) => (type === 'dockerfile' ? releaseHooks(ctx, type, app, tag, () => ctx.triggers.notify('pre-release-dockerfile', app, tag)) : undefined),
    'post-delete': (ctx, app) => ctx.props.destroy(app),
    'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
    'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  },
  commands: {
    'builder-dockerfile:set': propertySetCommand('builder-dockerfile:set', Object.fromEntries(Object.entries(settable).map(([k, p]) => [k, p.check]))),
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
