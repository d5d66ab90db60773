import { errors, GLOBAL, reportCommand, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { assertNoDuplicates, assertPort, formatMap, isPort, parseMap, parseMaps, toJson } from './port-map.js';
import { defaultMaps, detectedMaps, effectiveMaps, explicitMaps, globalHttpPort, httpPort, PROPERTY_KEYS, setExplicit } from './store.js';

const withFormat: CommandDefinition['builder'] = (y) => y.option('format', { type: 'string', describe: 'stdout or json' });
const withGlobal: CommandDefinition['builder'] = (y) => y.option('global', { type: 'boolean', describe: 'Set the global value' });

function positional(argv: CommandArgs): string[] {
  return argv._.map(String);
}

async function changed(ctx: PluginContext, app: string, action: string): Promise<void> {
  await ctx.triggers.notify('post-proxy-ports-update', app, action);
}

function needMaps(args: string[], command: string): void {
  if (!args.length) throw errors.usage(`Please specify at least one port mapping, e.g. berth ${command} APP http:80:5000`);
}

function setProperty(ctx: PluginContext, scope: string, key: string, value: string | undefined): void {
  if (!(PROPERTY_KEYS as readonly string[]).includes(key))
    throw errors.usage(`Invalid property specified, valid properties include: ${PROPERTY_KEYS.join(', ')}`);
  if (value) assertPort(value, key);
  ctx.props.set(scope, key, value ?? '');
  ctx.log.info1(value ? `Setting ${key} to ${value}` : `Unsetting ${key}`);
}

export const commands: Record<string, CommandDefinition> = {
  'ports:list': {
    usage: '<app> [--format json]',
    builder: withFormat,
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      const maps = effectiveMaps(ctx, app);
      if (argv.format === 'json') return void ctx.log.out(JSON.stringify(toJson(maps)));
      ctx.log.info2(`${app} port mappings`);
      ctx.log.out(`       ${'scheme'.padEnd(8)}${'host port'.padEnd(11)}container port`);
      for (const m of maps) ctx.log.out(`       ${m.scheme.padEnd(8)}${String(m.host).padEnd(11)}${m.container}`);
    },
  },
  'ports:add': {
    usage: '<app> <scheme:host-port:container-port>...',
    async handler(ctx, argv) {
      const [name, ...rest] = positional(argv);
      const app = await verifyApp(ctx, name);
      needMaps(rest, 'ports:add');
      const maps = parseMaps(rest);
      const existing = explicitMaps(ctx, app);
      assertNoDuplicates(maps, existing);
      setExplicit(ctx, app, [...existing, ...maps.map(formatMap)]);
      ctx.log.info1(`Added port mappings ${maps.map(formatMap).join(' ')} to ${app}`);
      await changed(ctx, app, 'add');
    },
  },
  'ports:set': {
    usage: '<app|--global> <scheme:host-port:container-port>... | <app|--global> http-port <value>',
    builder: withGlobal,
    async handler(ctx, argv) {
      const args = positional(argv);
      if (argv.global) {
        if (!args[0] || args[0].includes(':')) throw errors.usage('Port mappings cannot be set globally; usage: berth ports:set --global http-port VALUE');
        return setProperty(ctx, GLOBAL, args[0], args[1]);
      }
      const [name, ...rest] = args;
      const app = await verifyApp(ctx, name);
      if (rest[0] && !rest[0].includes(':') && !isPort(rest[0])) {
        setProperty(ctx, app, rest[0], rest[1]);
        return changed(ctx, app, 'set');
      }
      needMaps(rest, 'ports:set');
      const maps = parseMaps(rest);
      assertNoDuplicates(maps);
      setExplicit(ctx, app, maps.map(formatMap));
      ctx.log.info1(`Setting port mappings of ${app} to ${maps.map(formatMap).join(' ')}`);
      await changed(ctx, app, 'set');
    },
  },
  'ports:remove': {
    usage: '<app> <scheme:host-port:container-port|host-port>...',
    async handler(ctx, argv) {
      const [name, ...rest] = positional(argv);
      const app = await verifyApp(ctx, name);
      needMaps(rest, 'ports:remove');
      const existing = explicitMaps(ctx, app);
      let next = existing;
      for (const item of rest.flatMap((a) => a.split(/\s+/)).filter(Boolean)) {
        const before = next.length;
        next = isPort(item) ? next.filter((m) => parseMap(m).host !== Number(item)) : next.filter((m) => m !== formatMap(parseMap(item)));
        if (next.length === before) throw errors.notFound(`Port mapping ${item} is not set for ${app}`, existing.length ? undefined : 'Only explicit mappings (ports:add/ports:set) can be removed');
      }
      setExplicit(ctx, app, next);
      ctx.log.info1(`Removed port mappings ${rest.join(' ')} from ${app}`);
      await changed(ctx, app, 'remove');
    },
  },
  'ports:clear': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      setExplicit(ctx, app, []);
      ctx.log.info1(`Cleared port mappings of ${app}`);
      await changed(ctx, app, 'clear');
    },
  },
  'ports:report': reportCommand('ports', reportRows, { jsonKeys: 'both' }),
};

/** Each map as its `scheme:host:container` words and as a JSON array (`-json`) for tools. */
function reportRows(ctx: PluginContext, app: string): Record<string, string> {
  const explicit = explicitMaps(ctx, app).map(parseMap);
  // before any build has reported ports, detection yields the default mapping
  const detected = (detectedMaps(ctx, app).length ? detectedMaps(ctx, app) : defaultMaps(ctx, app)).map(parseMap);
  const computed = effectiveMaps(ctx, app);
  return {
    'ports-map': explicit.map(formatMap).join(' '),
    'ports-map-json': JSON.stringify(toJson(explicit)),
    'ports-map-detected': detected.map(formatMap).join(' '),
    'ports-map-detected-json': JSON.stringify(toJson(detected)),
    'ports-map-computed': computed.map(formatMap).join(' '),
    'ports-map-computed-json': JSON.stringify(toJson(computed)),
    'ports-http-port': ctx.props.get(app, 'http-port') ?? '',
    'ports-global-http-port': globalHttpPort(ctx),
    'ports-computed-http-port': httpPort(ctx, app) || '80',
  };
}
