import { definePlugin } from '../../sdk/index.js';
import { commands, WAIT_TO_RETIRE_DEFAULT } from './commands.js';
import { checkDeploy } from './healthchecks.js';

export default definePlugin({
  triggers: {
    'check-deploy': checkDeploy,
    /** `disabled` and `skipped`: `_all_` or comma-separated process types (empty: checks run). */
    'checks-get-property': (ctx, app, key) =>
      key === 'wait-to-retire' ? ctx.props.computed(app, key, WAIT_TO_RETIRE_DEFAULT) : (ctx.props.get(app, key) ?? ''),
    'post-delete': (ctx, app) => ctx.props.destroy(app),
    'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
    'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  },
  commands,
});
