import { definePlugin } from '../../core/sdk.js';
import { installPlatform } from './install.js';

export default definePlugin({
  triggers: {
    install: (ctx) => installPlatform(ctx),
  },
});
