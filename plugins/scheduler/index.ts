import { definePlugin, reportTrigger } from '../../sdk/index.js';
import { commands } from './commands.js';
import { appRows, computed } from './properties.js';

export default definePlugin({
  triggers: {
    report: reportTrigger('scheduler', appRows),
    'scheduler-detect': (ctx, app) => computed(ctx, app, 'selected'),
    'post-delete': (ctx, app) => ctx.props.destroy(app),
    'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
    'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  },
  commands,
});
