import { GLOBAL, errors, verifyApp, type CommandDefinition } from '../../sdk/index.js';
import { imageId, ROLLBACK_ENV } from './record.js';
import { describe, findRelease, keepCount, readReleases } from './store.js';

const format = (y: Parameters<NonNullable<CommandDefinition['builder']>>[0]) =>
  y.option('format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Output format' });

export const commands: Record<string, CommandDefinition> = {
  releases: {
    usage: '<app> [--format json]',
    builder: format,
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
      const list = readReleases(ctx, app).reverse();
      if (argv.format === 'json') {
        ctx.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      ctx.log.info2(`${app} Releases`);
      if (!list.length) ctx.log.verbose('No releases yet');
      const width = Math.max(...list.map((r) => describe(r).length), 0);
      for (const r of list) ctx.stdout.write(`v${r.version}\t${describe(r).padEnd(width)}  ${r.actor}  ${r.time}\n`);
    },
  },

  'releases:info': {
    usage: '<app> [vN] [--format json]',
    builder: format,
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
      const list = readReleases(ctx, app);
      if (!list.length) throw errors.notFound(`App ${app} has no releases`);
      const r = argv._[1] === undefined ? list[list.length - 1]! : findRelease(list, app, String(argv._[1]));
      if (argv.format === 'json') {
        ctx.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      ctx.log.info2(`Release v${r.version} of ${app}`);
      const rows: [string, string][] = [
        ['Description', describe(r)], ['Source', r.source], ['Image', r.image], ['Image id', r.imageId],
        ['Git sha', r.gitSha], ['Config digest', r.configDigest], ['Builder', r.builder], ['By', r.actor], ['When', r.time],
      ];
      for (const [k, v] of rows) ctx.stdout.write(`${`${k}:`.padEnd(15)}${v}\n`);
    },
  },

  'releases:rollback': {
    usage: '<app> [vN]',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
      const list = readReleases(ctx, app);
      if (!list.length) throw errors.notFound(`App ${app} has no releases to roll back to`);
      let target;
      if (argv._[1] !== undefined) target = findRelease(list, app, String(argv._[1]));
      else if (list.length < 2) throw errors.conflict(`App ${app} has no previous release`, 'Name a release: releases:rollback APP vN');
      else target = list[list.length - 2]!;
      if ((await imageId(target.image)) === undefined) {
        throw errors.notFound(
          `The image of release v${target.version} of ${app} (${target.image}) was pruned; it cannot be rolled back to`,
          `Keep more release images with: releases:set ${app} keep N`,
        );
      }
      ctx.log.info1(`Rolling back ${app} to v${target.version}...`);
      process.env[ROLLBACK_ENV] = String(target.version);
      try {
        await ctx.triggers.notify('release-and-deploy', app, target.tag, 'rollback');
      } finally {
        delete process.env[ROLLBACK_ENV];
      }
    },
  },

  'releases:set': {
    usage: '<app|--global> keep [N]',
    raw: true,
    async handler(ctx, argv) {
      const [target, key, value, ...extra] = argv._.map(String);
      if (!target || !key || extra.length) throw errors.usage('Usage: berth releases:set <app>|--global keep [N]');
      const scope = target === GLOBAL ? GLOBAL : await verifyApp(ctx, target);
      if (key !== 'keep') throw errors.usage(`Unknown releases property '${key ?? ''}'`, 'Settable: keep');
      if (value === undefined || value === '') {
        ctx.props.delete(scope, 'keep');
        return;
      }
      if (!/^\d{1,4}$/.test(value) || Number(value) < 1) throw errors.usage(`Invalid keep count '${value}'`, 'Use a whole number of at least 1');
      ctx.props.set(scope, 'keep', value);
      if (scope !== GLOBAL) ctx.log.verbose(`${scope} keeps ${keepCount(ctx, scope)} release images`);
    },
  },
};
