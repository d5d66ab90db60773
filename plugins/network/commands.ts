import { GLOBAL, confirmByName, errors, reportCommand, validate, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { createNetwork, inspectNetwork, listNetworks, removeNetwork } from './docker.js';
import { KEYS, NETWORK_KEYS, assertKey, checkValue, computed, globalRows, isValueKey, parseNetworks, reportRows, store } from './properties.js';

const formatOption = (y: Parameters<NonNullable<CommandDefinition['builder']>>[0]) =>
  y.option('format', { type: 'string', describe: 'Output format: stdout or json' });

function format(argv: CommandArgs): 'stdout' | 'json' {
  const f = argv.format === undefined ? 'stdout' : String(argv.format);
  if (f !== 'stdout' && f !== 'json') throw errors.usage(`Invalid --format value '${f}': use json or stdout`);
  return f;
}

const arg = (argv: CommandArgs, i: number) => (argv._[i] === undefined ? undefined : String(argv._[i]));

async function mustExist(name: string) {
  const info = await inspectNetwork(name);
  if (!info) throw errors.notFound(`Network ${name} does not exist`, 'See: berth network:list');
  return info;
}

/** Apps whose settings (own or global) name the network: a destroy would break their next deploy. */
async function appsNaming(ctx: PluginContext, network: string): Promise<string[]> {
  const apps = await ctx.triggers.collect('app-list');
  return apps.filter((app) => NETWORK_KEYS.some((k) => computed(ctx, app, k).includes(network)));
}

export const commands: Record<string, CommandDefinition> = {
  'network:create': {
    usage: '<network>',
    async handler(ctx, argv) {
      const name = validate.assertNetworkName(arg(argv, 0));
      if (await inspectNetwork(name)) throw errors.conflict(`Network ${name} already exists`);
      ctx.log.info1(`Creating network ${name}`);
      await createNetwork(name);
    },
  },

  'network:destroy': {
    usage: '<network> [--force]',
    builder: (y) => y.option('force', { type: 'boolean', default: false, describe: 'Skip the confirmation' }),
    async handler(ctx, argv) {
      const name = validate.assertNetworkName(arg(argv, 0));
      const info = await mustExist(name);
      if (info.Labels?.berth === 'service')
        throw errors.conflict(`Network ${name} belongs to a ${info.Labels['berth.service'] ?? 'datastore'} service`, 'It is removed with the service');
      const attached = Object.values(info.Containers ?? {}).map((c) => c.Name);
      if (attached.length)
        throw errors.conflict(`Network ${name} has ${attached.length} container(s) attached: ${attached.sort().join(', ')}`, 'Stop them or remove the network from their apps (network:set) and redeploy first');
      if (!(argv.force === true || ctx.flags.force)) await confirmByName(ctx, name, `network ${name}`);
      ctx.log.info1(`Destroying network ${name}`);
      await removeNetwork(name);
      const users = await appsNaming(ctx, name);
      if (users.length) ctx.log.warn(`Still named in the network settings of: ${users.join(', ')} (see network:report)`);
    },
  },

  'network:list': {
    usage: '[--format json] [--dokku-managed]',
    builder: (y) => formatOption(y).option('dokku-managed', { type: 'boolean', describe: 'Only networks made by network:create' }),
    async handler(ctx, argv) {
      const managed = (n: { Labels?: Record<string, string> }) => n.Labels?.['com.dokku.network-name'] !== undefined || n.Labels?.berth === 'network';
      const nets = (await listNetworks()).filter((n) => !argv['dokku-managed'] || managed(n));
      if (format(argv) === 'json') {
        // berth's lower-case keys, and Dokku's (DokkuManaged: created by network:create) for its tooling
        const rows = nets.map((n) => ({
          name: n.Name, id: n.Id, driver: n.Driver, scope: n.Scope, berth: n.Labels?.berth === 'network',
          CreatedAt: n.Created, DokkuManaged: managed(n), Driver: n.Driver, ID: n.Id, Internal: n.Internal, IPv6: n.EnableIPv6, Labels: n.Labels ?? {}, Name: n.Name, Scope: n.Scope,
        }));
        return void ctx.log.out(JSON.stringify(rows));
      }
      ctx.log.info2('Networks');
      for (const n of nets) ctx.log.out(n.Name);
    },
  },

  'network:info': {
    usage: '<network> [--format json]',
    builder: formatOption,
    async handler(ctx, argv) {
      const f = format(argv);
      const n = await mustExist(validate.assertNetworkName(arg(argv, 0), { reserved: true }));
      const rows: Record<string, string> = {
        name: n.Name,
        id: n.Id,
        driver: n.Driver,
        scope: n.Scope,
        created: n.Created ?? '',
        internal: String(!!n.Internal),
        attachable: String(!!n.Attachable),
        labels: Object.entries(n.Labels ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(' '),
        containers: Object.values(n.Containers ?? {}).map((c) => c.Name).sort().join(' '),
      };
      if (f === 'json') return void ctx.log.out(JSON.stringify(rows));
      ctx.log.info2(`${n.Name} network information`);
      const width = Math.max(...Object.keys(rows).map((k) => k.length)) + 3;
      for (const [k, v] of Object.entries(rows)) ctx.log.out(`       ${(k.charAt(0).toUpperCase() + k.slice(1) + ':').padEnd(width)}${v}`);
    },
  },

  'network:exists': {
    usage: '<network>',
    async handler(ctx, argv) {
      const name = validate.assertNetworkName(arg(argv, 0), { reserved: true });
      await mustExist(name);
      ctx.log.out('Network exists');
    },
  },

  'network:report': reportCommand('network', reportRows, { globalRows, jsonKeys: 'both' }),

  /** Every network is checked before anything is written; no networks unsets the key. */
  'network:set': {
    usage: `<app>|--global <${KEYS.join('|')}> [network...]`,
    raw: true,
    async handler(ctx, argv) {
      const [target, rawKey, ...values] = argv._.map(String);
      if (!target || !rawKey) throw errors.usage(`Usage: berth network:set <app>|--global <${KEYS.join('|')}> [network...]`);
      const scope = target === GLOBAL ? GLOBAL : await verifyApp(ctx, target);
      const key = assertKey(rawKey);
      if (isValueKey(key)) {
        if (values.length > 1) throw errors.usage(`${key} takes a single value`);
        const value = values[0] === undefined || values[0] === '' ? '' : checkValue(key, values[0]);
        ctx.props.set(scope, key, value);
        return ctx.log.info1(value ? `Setting ${key} to ${value}` : `Unsetting ${key}`);
      }
      const networks = parseNetworks(key, values);
      for (const n of networks) await mustExist(n);
      store(ctx, scope, key, networks);
      ctx.log.info1(networks.length ? `Setting ${key} to ${networks.join(' ')}` : `Unsetting ${key}`);
    },
  },
};
