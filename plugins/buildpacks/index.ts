import { GLOBAL, definePlugin, reportTrigger, errors, validate } from '../../sdk/index.js';
import { commands } from './commands.js';
import { reportRows, stackOf } from './properties.js';

export default definePlugin({
  triggers: {
    report: reportTrigger('buildpacks', reportRows),
    /** APP's buildpacks, or with --global the default list, one URL per line. */
    'buildpacks-list': (ctx, scope) => ctx.props.getList(scope === GLOBAL ? GLOBAL : validate.assertAppName(scope), 'buildpacks'),
    'buildpack-stack-name': (ctx, app) => {
      if (!app) throw errors.usage('buildpack-stack-name needs an app');
      return stackOf(ctx, validate.assertAppName(app));
    },
    'post-delete': (ctx, app) => ctx.props.destroy(app),
    'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
    'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  },
  commands,
});
