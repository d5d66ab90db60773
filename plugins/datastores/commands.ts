import path from 'node:path';
import type { Argv } from 'yargs';
import { errors, printReport, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { backupTo, connectTo, exportTo, importFrom, logsOf } from './data.js';
import { inspect } from './docker.js';
import { confirmDestroy } from './confirm.js';
import { assertUnlinked, createService, destroyService, ensureRunning, stopService } from './lifecycle.js';
import { linkService, unlinkService } from './links.js';
import { existing, links, listServices, readFile, service, url, type Service } from './service.js';
import { TYPES, type ServiceType } from './types.js';

const str = (v: unknown) => (v === undefined ? undefined : String(v));
const noRestart = (y: Argv) => y.option('no-restart', { type: 'boolean', default: false, describe: 'Do not restart the app' });
const format = (y: Argv) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' });

async function status(s: Service): Promise<string> {
  return (await inspect(s))?.State.Status ?? 'missing';
}

async function infoRows(ctx: PluginContext, s: Service): Promise<Record<string, string>> {
  const info = await inspect(s);
  return {
    'config-dir': s.type.name === 'redis' ? path.join(s.dir, 'config') : '-',
    'data-dir': path.join(s.dir, 'data'),
    dsn: url(s),
    'exposed-ports': '-',
    id: info?.Id ?? '-',
    'internal-ip': info?.NetworkSettings.Networks?.[s.network]?.IPAddress || '-',
    alias: s.alias,
    network: s.network,
    links: links(s).join(' ') || '-',
    'service-root': s.dir,
    status: info?.State.Status ?? 'missing',
    version: `${readFile(s, 'IMAGE')}:${readFile(s, 'IMAGE_VERSION')}`,
  };
}

/** The same verbs for every type: `<type>:create`, `<type>:link`, ... */
function commandsFor(t: ServiceType): Record<string, CommandDefinition> {
  const svc = (ctx: PluginContext, argv: CommandArgs) => existing(ctx, t, str(argv._[0]));
  return {
    [`${t.name}:create`]: {
      usage: '<service> [--image-version V]',
      builder: (y) => y.option('image-version', { type: 'string', describe: `Version (${t.versions.join(', ')})` }),
      handler: (ctx, argv) => createService(ctx, t, str(argv._[0]), str(argv.imageVersion)),
    },
    [`${t.name}:destroy`]: {
      usage: '<service> [--force]',
      builder: (y) => y.option('force', { type: 'boolean', default: false, alias: 'f', describe: 'Skip the confirmation' }),
      async handler(ctx, argv) {
        const s = svc(ctx, argv);
        assertUnlinked(s); // refused before anything is asked
        if (!(argv.force === true || ctx.flags.force || process.env.DOKKU_APPS_FORCE_DELETE === '1')) await confirmDestroy(ctx, s.name);
        await destroyService(ctx, s);
      },
    },
    [`${t.name}:list`]: {
      usage: '[--format json]',
      builder: format,
      async handler(ctx, argv) {
        const rows = [];
        for (const n of listServices(ctx, t)) {
          const s = service(ctx, t, n);
          rows.push({ name: n, version: `${readFile(s, 'IMAGE')}:${readFile(s, 'IMAGE_VERSION')}`, status: await status(s), links: links(s) });
        }
        if (argv.format === 'json') return void ctx.log.out(JSON.stringify(rows));
        if (!rows.length) return void ctx.log.warn(`There are no ${t.title} services`);
        ctx.log.info2(`${t.title} services`);
        const w = Math.max(4, ...rows.map((r) => r.name.length)) + 2;
        ctx.log.out(['NAME'.padEnd(w) + 'VERSION'.padEnd(20) + 'STATUS'.padEnd(12) + 'LINKS', ...rows.map((r) => r.name.padEnd(w) + r.version.padEnd(20) + r.status.padEnd(12) + (r.links.join(' ') || '-'))].join('\n'));
      },
    },
    [`${t.name}:info`]: {
      usage: '<service> [--format json] [--dsn|--status|--version|--links|--id|--internal-ip|--data-dir|--config-dir|--service-root|--alias|--network]',
      builder: format,
      async handler(ctx, argv) {
        const s = svc(ctx, argv);
        const { _, ...rest } = argv;
        await printReport(ctx, { ...rest, _: [] } as CommandArgs, { title: `${t.name} service`, app: s.name, rows: () => infoRows(ctx, s) });
      },
    },
    [`${t.name}:exists`]: { usage: '<service>', handler: (ctx, argv) => void svc(ctx, argv) },
    [`${t.name}:link`]: {
      usage: '<service> <app> [--alias ALIAS] [--no-restart]',
      builder: (y) => noRestart(y).option('alias', { type: 'string', describe: 'Config var prefix: ALIAS_URL' }),
      handler: (ctx, argv) => linkService(ctx, t, str(argv._[0]), str(argv._[1]), { alias: str(argv.alias), restart: argv.noRestart !== true }),
    },
    [`${t.name}:unlink`]: {
      usage: '<service> <app> [--no-restart]',
      builder: noRestart,
      handler: (ctx, argv) => unlinkService(ctx, t, str(argv._[0]), str(argv._[1]), { restart: argv.noRestart !== true }),
    },
    [`${t.name}:linked`]: {
      usage: '<service> <app>',
      async handler(ctx, argv) {
        const s = svc(ctx, argv);
        const app = await verifyApp(ctx, str(argv._[1]));
        return links(s).includes(app) ? 0 : 1;
      },
    },
    [`${t.name}:links`]: {
      usage: '<service>',
      handler(ctx, argv) {
        const apps = links(svc(ctx, argv));
        if (apps.length) ctx.log.out(apps.join('\n'));
      },
    },
    [`${t.name}:app-links`]: {
      usage: '<app>',
      async handler(ctx, argv) {
        const app = await verifyApp(ctx, str(argv._[0]));
        const names = listServices(ctx, t).filter((n) => links(service(ctx, t, n)).includes(app));
        if (names.length) ctx.log.out(names.join('\n'));
      },
    },
    [`${t.name}:export`]: {
      usage: '<service> > dump',
      async handler(ctx, argv) {
        const s = svc(ctx, argv);
        if (process.stdout.isTTY) throw errors.usage('Refusing to write a binary dump to a terminal', `Usage: berth ${t.name}:export ${s.name} > dump`);
        await exportTo(s, ctx.stdout as NodeJS.WritableStream & import('node:stream').Writable);
      },
    },
    [`${t.name}:import`]: { usage: '<service> < dump', handler: (ctx, argv) => importFrom(ctx, svc(ctx, argv)) },
    [`${t.name}:backup`]: { usage: '<service> <host-dir>', handler: (ctx, argv) => backupTo(ctx, svc(ctx, argv), str(argv._[1])) },
    [`${t.name}:connect`]: { usage: '<service>', handler: (ctx, argv) => connectTo(svc(ctx, argv)) },
    [`${t.name}:logs`]: {
      usage: '<service> [-t|--tail] [-n|--num N]',
      builder: (y) => y.option('tail', { type: 'boolean', alias: 't', default: false, describe: 'Follow the log' }).option('num', { type: 'string', alias: 'n', describe: 'Lines to show' }),
      handler: (ctx, argv) => logsOf(svc(ctx, argv), argv.tail === true, argv.num === undefined ? undefined : Number(argv.num) || undefined),
    },
    [`${t.name}:start`]: {
      usage: '<service>',
      async handler(ctx, argv) {
        const s = svc(ctx, argv);
        ctx.log.info1(`Starting container ${s.container}`);
        await ensureRunning(ctx, s);
        ctx.log.info2(`${t.title} container started: ${s.name}`);
      },
    },
    [`${t.name}:stop`]: {
      usage: '<service>',
      async handler(ctx, argv) {
        const s = svc(ctx, argv);
        ctx.log.info1(`Stopping container ${s.container}`);
        await stopService(s);
      },
    },
    [`${t.name}:restart`]: {
      usage: '<service>',
      async handler(ctx, argv) {
        const s = svc(ctx, argv);
        ctx.log.info1(`Restarting container ${s.container}`);
        await stopService(s);
        await ensureRunning(ctx, s);
        ctx.log.info2(`${t.title} container restarted: ${s.name}`);
      },
    },
  };
}

export const commands: Record<string, CommandDefinition> = Object.assign({}, ...TYPES.map(commandsFor));
export const VERBS = Object.keys(commandsFor(TYPES[0]!)).map((k) => k.slice(k.indexOf(':') + 1));
