import fs from 'node:fs';
import { errors, GLOBAL, reportCommand, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { appsNamedIn, confFile } from './apply.js';
import { rebuildIfRouted } from './build.js';
import { reload, testConfig } from './nginx-cli.js';
import { setSetting, SETTINGS } from './settings.js';

const DEFAULT_CONF = '/etc/nginx/nginx.conf';

function positional(argv: CommandArgs): string[] {
  return argv._.map(String);
}

function reportRows(ctx: PluginContext, app: string): Record<string, string> {
  const rows: Record<string, string> = { 'nginx-config-exists': String(fs.existsSync(confFile(ctx, app))) };
  for (const [key, s] of Object.entries(SETTINGS)) {
    const global = ctx.props.get(GLOBAL, key) ?? '';
    if (s.globalOnly) {
      rows[`nginx-global-${key}`] = global;
      rows[`nginx-computed-${key}`] = global || (key === 'conf' ? DEFAULT_CONF : '');
      continue;
    }
    rows[`nginx-${key}`] = ctx.props.get(app, key) ?? '';
    rows[`nginx-global-${key}`] = global;
    rows[`nginx-computed-${key}`] = ctx.props.computed(app, key, '');
  }
  return rows;
}

/** `--clean` drops the nginx.conf of every app nginx blames until the whole config passes. */
async function validate(ctx: PluginContext, clean: boolean): Promise<void> {
  const removed: string[] = [];
  for (;;) {
    const test = await testConfig(ctx);
    if (test.ok) break;
    const culprits = appsNamedIn(ctx, test.output).filter((a) => fs.existsSync(confFile(ctx, a)) && !removed.includes(a));
    if (!clean || !culprits.length) {
      const blame = culprits.length ? ` (in the config of ${culprits.join(', ')})` : '';
      throw errors.external(`The nginx config is invalid${blame}:\n${test.output}`);
    }
    for (const a of culprits) {
      ctx.log.warn(`Removing the invalid nginx config of ${a}`);
      fs.rmSync(confFile(ctx, a), { force: true });
      removed.push(a);
    }
  }
  ctx.log.info1('The nginx config is valid');
  if (removed.length) await reload(ctx);
}

export const commands: Record<string, CommandDefinition> = {
  'nginx:report': reportCommand('nginx', reportRows),
  'nginx:set': {
    usage: `<app|--global> <${Object.keys(SETTINGS).join('|')}> [<value>]`,
    builder: (y) => y.option('global', { type: 'boolean', describe: 'Set the global value' }),
    async handler(ctx, argv) {
      const args = positional(argv);
      const scope = argv.global ? GLOBAL : await verifyApp(ctx, args.shift());
      const [key, value = ''] = args;
      if (!key) throw errors.usage(`Please specify a property: ${Object.keys(SETTINGS).join(', ')}`);
      setSetting(ctx, scope, key, value);
      ctx.log.info1(value ? `Setting ${key} to ${value}` : `Unsetting ${key}`);
      if (scope !== GLOBAL) await rebuildIfRouted(ctx, scope);
      else if (key !== 'conf') ctx.log.verbose("Run 'berth proxy:build-config --all' to apply it to running apps");
    },
  },
  'nginx:show-config': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      let text: string;
      try {
        text = fs.readFileSync(confFile(ctx, app), 'utf8');
      } catch {
        throw errors.notFound(`No nginx config exists for ${app}`);
      }
      ctx.stdout.write(text);
    },
  },
  'nginx:validate-config': {
    usage: '[--clean]',
    builder: (y) => y.option('clean', { type: 'boolean', describe: 'Remove the configs of apps that break the nginx config, then reload' }),
    handler: (ctx, argv) => validate(ctx, Boolean(argv.clean)),
  },
};
