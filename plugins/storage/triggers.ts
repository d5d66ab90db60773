import { validate, type TypedTriggerHandlers } from '../../core/sdk.js';
import { asJson, mountsFor } from './mounts.js';

export const triggers: TypedTriggerHandlers = {
  /** The app's bind mounts for a phase, one JSON array of Docker HostConfig.Binds strings. */
  'storage-app-mounts': (ctx, app, phase) => JSON.stringify(mountsFor(ctx, app, phase).map(validate.bindString)),

  'storage-list': (ctx, app, phase, format) => {
    const mounts = mountsFor(ctx, app, phase);
    return format === 'json' ? asJson(mounts) : mounts.map(validate.bindString);
  },

  // The host data stays, as in Dokku: only the app's mount list goes.
  'post-delete': (ctx, app) => ctx.props.destroy(app),

  'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),

  'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
};
