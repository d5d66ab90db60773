import fs from 'node:fs';
import path from 'node:path';
import type { PluginContext, TypedTriggerHandlers } from '../../core/sdk.js';
import { formatScale, isDeployed, property, readScale, settable } from './properties.js';
import { currentTag, deployRelease, releaseAndDeploy } from './release.js';

/** Settings follow an app through rename and clone; deploy state does not (the new app is built afresh). */
function copySettings(ctx: PluginContext, from: string, to: string): void {
  for (const key of ['scale', ...Object.keys(settable)]) {
    const v = ctx.props.get(from, key);
    if (v !== undefined) ctx.props.set(to, key, v);
  }
}

export const triggers: TypedTriggerHandlers = {
  'release-and-deploy': (ctx, app, tag, source) => releaseAndDeploy(ctx, app, tag ?? '', source ?? ''),

  /** deploy APP [TAG] [PROC]: the current release again (ps:restart, ps:scale): no rebuild. */
  deploy: (ctx, app, tag, proc) => deployRelease(ctx, app, tag || currentTag(ctx, app), proc || undefined),

  'app-restart': async (ctx, app) => {
    if (isDeployed(ctx, app)) await deployRelease(ctx, app, currentTag(ctx, app));
  },

  'ps-current-scale': (ctx, app) => [...readScale(ctx, app)].map(([t, n]) => `${t}=${n}`),

  'ps-get-property': (ctx, app, key) => (key === 'scale' ? formatScale(readScale(ctx, app)) : property(ctx, app, key)),

  'post-delete': (ctx, app) => {
    ctx.props.destroy(app);
    fs.rmSync(path.join(ctx.paths.data, app), { recursive: true, force: true });
  },

  'post-app-rename-setup': (ctx, oldApp, newApp) => copySettings(ctx, oldApp, newApp),
  'post-app-clone-setup': (ctx, oldApp, newApp) => copySettings(ctx, oldApp, newApp),
};
