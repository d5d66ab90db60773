import { definePlugin, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { triggers } from './triggers.js';

type Commands = typeof import('./commands.js');

/** The gate runs before every command, so the command code loads only when an acl command runs. */
const lazy =
  (name: keyof Commands) =>
  async (ctx: PluginContext, argv: CommandArgs): Promise<void> =>
    (await import('./commands.js'))[name](ctx, argv);

const format = { builder: (y: Parameters<NonNullable<CommandDefinition['builder']>>[0]) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' }) };

export default definePlugin({
  triggers,
  commands: {
    'acl:add': { usage: '<app> <user>', handler: lazy('aclAdd') },
    'acl:remove': { usage: '<app> <user>', handler: lazy('aclRemove') },
    'acl:list': { usage: '<app> [--format json]', ...format, handler: lazy('aclList') },
    'acl:add-service': { usage: '<type> <name> <user>', handler: lazy('aclAddService') },
    'acl:remove-service': { usage: '<type> <name> <user>', handler: lazy('aclRemoveService') },
    'acl:list-service': { usage: '<type> <name> [--format json]', ...format, handler: lazy('aclListService') },
    'acl:set': {
      usage: '--global admins|allowed-commands [<name>,<name>...]',
      builder: (y) => y.option('global', { type: 'boolean', describe: 'Set a global acl property' }),
      handler: lazy('aclSet'),
    },
    'acl:report': { usage: '[--format json]', ...format, handler: lazy('aclReport') },
  },
});
