import { definePlugin, type CommandArgs, type PluginContext } from '../../sdk/index.js';
import { intercept } from './interceptor.js';

// Every CLI start imports this module for the interceptor, so command code loads only when a command runs.
const run =
  (name: 'showEvents' | 'listTriggers' | 'on' | 'off') =>
  async (ctx: PluginContext, argv: CommandArgs): Promise<void> => {
    const c = await import('./commands.js');
    if (name === 'on' || name === 'off') return c.setEnabled(ctx, name === 'on');
    return c[name](ctx, argv);
  };

/** The audit trail: an engine interceptor, never a trigger handler, so it sees every dispatch and answers none. */
export default definePlugin({
  intercept,
  commands: {
    events: {
      usage: '[-n N] [--format json] [--tail [--max-lines N] [--timeout SECONDS]]',
      builder: (y) =>
        y
          .option('num', { alias: 'n', type: 'string', default: '50', describe: 'How many of the last dispatches to show' })
          .option('format', { choices: ['text', 'json'], default: 'text', describe: 'json: a JSON array (with --tail: one record per line)' })
          .option('tail', { alias: 't', type: 'boolean', default: false, describe: 'Keep following the log' })
          .option('max-lines', { type: 'string', describe: 'With --tail: stop after this many new records' })
          .option('timeout', { type: 'string', describe: 'With --tail: stop after this many seconds' }),
      handler: run('showEvents'),
    },
    'events:list': { builder: (y) => y.option('format', { choices: ['text', 'json'], default: 'text' }), handler: run('listTriggers') },
    'events:on': { handler: run('on') },
    'events:off': { handler: run('off') },
  },
});
