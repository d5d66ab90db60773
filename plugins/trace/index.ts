import fs from 'node:fs';
import path from 'node:path';
import { definePlugin, writeFileAtomic, type PluginContext } from '../../sdk/index.js';

/** Dokku's file: every entry point sources `$DOKKU_ROOT/.dokkurc/*`, and berth reads this one itself. */
const rcFile = (ctx: PluginContext) => path.join(ctx.paths.root, '.dokkurc', 'DOKKU_TRACE');

export default definePlugin({
  commands: {
    'trace:on': {
      handler(ctx) {
        ctx.log.info1('Enabling trace mode');
        fs.mkdirSync(path.dirname(rcFile(ctx)), { recursive: true });
        writeFileAtomic(rcFile(ctx), 'export DOKKU_TRACE=1\n', 0o644);
      },
    },
    'trace:off': {
      handler(ctx) {
        ctx.log.info1('Disabling trace mode');
        fs.rmSync(rcFile(ctx), { force: true });
      },
    },
  },
});
