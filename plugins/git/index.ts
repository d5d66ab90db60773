import { definePlugin } from '../../sdk/index.js';
import { gitHook } from './hook.js';
import { receivePack, uploadPack } from './serve.js';
import { gitReport, gitSet } from './settings.js';
import { triggers } from './triggers.js';

export default definePlugin({
  triggers,
  commands: {
    'git-receive-pack': { usage: "'<app>'", raw: true, handler: receivePack },
    'git-upload-pack': { usage: "'<app>'", raw: true, handler: uploadPack },
    'git-hook': { usage: '<app>', raw: true, handler: gitHook },
    'git:set': {
      usage: '<app>|--global <key> [<value>]',
      builder: (y) => y.option('global', { type: 'boolean', describe: 'Set the global default' }),
      handler: gitSet,
    },
    'git:report': {
      usage: '[<app>] [--format json] [--<flag>]',
      builder: (y) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' }),
      handler: gitReport,
    },
  },
});
