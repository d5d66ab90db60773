import { validate, type TypedTriggerHandlers } from '../../sdk/index.js';
import { isEnabled, proxyType } from './store.js';

function app(name: string): string {
  return validate.assertAppName(name);
}

export const triggers: TypedTriggerHandlers = {
  'proxy-type': (ctx, name) => proxyType(ctx, app(name)),
  'proxy-is-enabled': (ctx, name) => String(isEnabled(ctx, app(name))),
  /** The new containers run: switch traffic to them; a failed proxy build fails the deploy. */
  async 'core-post-deploy'(ctx, name) {
    const a = app(name);
    if (isEnabled(ctx, a)) await ctx.triggers.notify('proxy-build-config', a);
  },
  'post-delete': (ctx, name) => ctx.props.destroy(app(name)),
  'post-app-rename-setup': (ctx, from, to) => ctx.props.clone(app(from), app(to)),
  'post-app-clone-setup': (ctx, from, to) => ctx.props.clone(app(from), app(to)),
};
