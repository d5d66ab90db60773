import { definePlugin, releaseHooks } from '../../sdk/index.js';
import { BUILDER, buildBuildpack, cacheVolume, docker } from './build.js';
import { detectBuilder } from './detect.js';

async function removeCache(app: string): Promise<void> {
  await (await docker())
    .getVolume(cacheVolume(app))
    .remove()
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
}

export default definePlugin({
  triggers: {
    'builder-detect': (ctx, app, dir) => detectBuilder(ctx, app, dir),
    'builder-build': buildBuildpack,
    'builder-release': (ctx, type, app, tag) => (type === BUILDER ? releaseHooks(ctx, type, app, tag, () => ctx.triggers.notify('pre-release-buildpack', app, tag)) : undefined),
    /** The build cache goes with the app; a renamed app starts with a cold cache. */
    'post-delete': (_ctx, app) => removeCache(app),
  },
});
