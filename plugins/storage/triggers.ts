import { validate, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { attachmentBinds } from './attachments.js';
import { asJson, mountsFor } from './mounts.js';

/** Plain HOST:CONTAINER mounts, then the named entries attached for the phase. */
const binds = (ctx: PluginContext, app: string, phase: string) => [...mountsFor(ctx, app, phase).map(validate.bindString), ...attachmentBinds(ctx, app, phase)];

export const triggers: TypedTriggerHandlers = {
  /** The app's bind mounts for a phase, one JSON array of Docker HostConfig.Binds strings. */
  'storage-app-mounts': (ctx, app, phase) => JSON.stringify(binds(ctx, app, phase)),

  'storage-list': (ctx, app, phase, format) => {
    if (format !== 'json') return binds(ctx, app, phase);
    const plain = JSON.parse(asJson(mountsFor(ctx, app, phase))) as object[];
    const named = attachmentBinds(ctx, app, phase).map((b) => {
      const [host_path, container_path, volume_options] = b.split(':');
      return { host_path, container_path, ...(volume_options ? { volume_options } : {}) };
    });
    return JSON.stringify([...plain, ...named]);
  },

  // The host data stays, as in Dokku: only the app's mount list goes.
  'post-delete': (ctx, app) => ctx.props.destroy(app),

  'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),

  'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
};
