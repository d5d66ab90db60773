import { definePlugin } from '../../sdk/index.js';
import { installPlatform } from './install.js';

export default definePlugin({
  triggers: {
    install: (ctx) => installPlatform(ctx),
  },
});
