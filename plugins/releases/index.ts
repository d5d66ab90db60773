import { definePlugin } from '../../sdk/index.js';
import { commands } from './commands.js';
import { keepImages, recordRelease } from './record.js';

export default definePlugin({
  triggers: {
    'post-deploy': (ctx, app, _port, _ip, tag) => recordRelease(ctx, app, tag ?? ''),
    'releases-keep-images': (ctx, app) => keepImages(ctx, app),
    'post-delete': (ctx, app) => ctx.props.destroy(app),
  },
  commands,
});
