import { errors, type CommandArgs, type CommandDefinition } from '../../sdk/index.js';
import { globalDomains, setGlobalDomains, validNew } from './store.js';

function positional(argv: CommandArgs): string[] {
  return argv._.map(String);
}

/** Global domains only seed new apps' vhosts (APP.<domain>); existing apps keep theirs. */
export const globalCommands: Record<string, CommandDefinition> = {
  'domains:add-global': {
    usage: '<domain>...',
    handler(ctx, argv) {
      const existing = globalDomains(ctx);
      const { added, skipped } = validNew(positional(argv), existing);
      setGlobalDomains(ctx, [...existing, ...added]);
      for (const d of skipped) ctx.log.info1(`Skipping ${d}: already added`);
      for (const d of added) ctx.log.info1(`Added ${d} to the global domains`);
    },
  },
  'domains:remove-global': {
    usage: '<domain>...',
    handler(ctx, argv) {
      const removed = positional(argv).map((d) => d.toLowerCase());
      if (!removed.length) throw errors.usage('Please specify at least one domain');
      const existing = globalDomains(ctx);
      const missing = removed.find((d) => !existing.includes(d));
      if (missing) throw errors.notFound(`Domain ${missing} is not a global domain`);
      setGlobalDomains(ctx, existing.filter((d) => !removed.includes(d)));
      for (const d of removed) ctx.log.info1(`Removed ${d} from the global domains`);
    },
  },
  'domains:set-global': {
    usage: '<domain>...',
    handler(ctx, argv) {
      const domains = validNew(positional(argv), []).added;
      setGlobalDomains(ctx, domains);
      ctx.log.info1(`Set global domains to ${domains.join(' ')}`);
    },
  },
  'domains:clear-global': {
    handler(ctx) {
      setGlobalDomains(ctx, []);
      ctx.log.info1('Cleared the global domains');
    },
  },
};
