import { definePlugin } from '../../sdk/index.js';
import { addKey, listKeys, removeKey } from './commands.js';
import { ensureSshEntry } from './setup.js';

export default definePlugin({
  triggers: {
    install: (ctx) => ensureSshEntry(ctx, { refresh: true }),
  },
  commands: {
    'ssh-keys:add': { usage: '<name> [<key-file>|-]', handler: addKey },
    'ssh-keys:remove': {
      usage: '<name> | --fingerprint <fingerprint>',
      builder: (y) => y.option('fingerprint', { type: 'string', describe: 'Remove the key with this fingerprint' }),
      handler: removeKey,
    },
    'ssh-keys:list': {
      usage: '[<name>] [--format text|json]',
      builder: (y) => y.option('format', { type: 'string', describe: 'Output format: text or json' }),
      handler: listKeys,
    },
  },
});
