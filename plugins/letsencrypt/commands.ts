import fs from 'node:fs';
import { errors, GLOBAL, printReport, propertySetCommand, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { revoke } from './acme.js';
import { cronJob } from './cron.js';
import { enable, isActive } from './enable.js';
import { autoRenew, expiries, formatSpan } from './renew.js';
import { reportRows } from './report.js';
import { settingsFor, SETTABLE } from './settings.js';
import { appData, readCurrent, staleCertDirs } from './store.js';

const positional = (argv: CommandArgs) => argv._.map(String);
const apps = async (ctx: PluginContext) => (await ctx.triggers.collect('app-list')).filter((a) => a.trim() !== '');

const enableCommand: CommandDefinition = {
  usage: '<app>|--all [--force]',
  builder: (y) =>
    y.option('force', { alias: 'f', type: 'boolean', default: false, describe: 'Request a new certificate even if the current one is valid' }).option('all', { type: 'boolean', default: false, describe: 'Every app' }),
  async handler(ctx, argv) {
    const force = Boolean(argv.force);
    if (argv.all) {
      const failed: string[] = [];
      for (const app of await apps(ctx)) await enable(ctx, app, force).catch((err: Error) => (ctx.log.warn(`${app}: ${err.message}`), failed.push(app)));
      if (failed.length) throw errors.external(`letsencrypt could not be enabled for ${failed.join(', ')}`);
      return;
    }
    const app = await verifyApp(ctx, positional(argv)[0]);
    try {
      await enable(ctx, app, force);
    } catch (err) {
      ctx.log.warn('Failed to setup letsencrypt; the app is served as before');
      throw err;
    }
  },
};

export const commands: Record<string, CommandDefinition> = {
  letsencrypt: enableCommand,
  'letsencrypt:enable': enableCommand,

  'letsencrypt:disable': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      ctx.log.info1(`Disabling letsencrypt for ${app}`);
      const active = await isActive(ctx, app);
      ctx.log.verbose(`Removing letsencrypt files for ${app}`);
      fs.rmSync(appData(ctx, app), { recursive: true, force: true });
      ctx.props.delete(app, 'current');
      ctx.props.delete(app, 'issued');
      if (active) {
        ctx.log.verbose(`Removing SSL endpoint from ${app}`);
        await ctx.triggers.notify('certs-remove', app);
      } else await ctx.triggers.notify('proxy-build-config', app);
      ctx.log.info1('Done');
    },
  },

  'letsencrypt:list': {
    usage: '[--format json]',
    builder: (y) => y.option('format', { type: 'string', choices: ['stdout', 'json'], default: 'stdout' }),
    async handler(ctx, argv) {
      const list = await expiries(ctx, await apps(ctx));
      if (argv.format === 'json') return void ctx.log.out(JSON.stringify(list.map((e) => ({ app: e.app, expires: e.expires.toISOString(), 'seconds-to-expiry': e.toExpiry, 'seconds-to-renewal': e.toRenewal }))));
      const rows = [['-----> App name', 'Certificate Expiry', 'Time before expiry', 'Time before renewal']];
      for (const e of list) rows.push([e.app, e.expires.toISOString().replace('T', ' ').slice(0, 19), formatSpan(e.toExpiry), formatSpan(e.toRenewal)]);
      const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length)) + 2;
      for (const r of rows) ctx.log.out(r.map((c, i) => (i < 3 ? c.padEnd(width(i)) : c)).join('').trimEnd());
    },
  },

  'letsencrypt:active': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      ctx.log.out(String(await isActive(ctx, app)));
    },
  },

  'letsencrypt:auto-renew': {
    usage: '[<app>]',
    async handler(ctx, argv) {
      const name = positional(argv)[0];
      if (name === undefined) return autoRenew(ctx, await apps(ctx), false);
      const app = await verifyApp(ctx, name);
      ctx.log.info2(`Auto-renew ${app}...`);
      await autoRenew(ctx, [app], true);
    },
  },

  'letsencrypt:revoke': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      const current = readCurrent(ctx, app);
      if (!current) throw errors.notFound(`App ${app} has no letsencrypt certificate`);
      const issued = ctx.props.getMap(app, 'issued');
      const s = await settingsFor(ctx, app);
      ctx.log.info2(`Revoke letsencrypt certificate from ${app}...`);
      await revoke(ctx, current.pem, { ...s, directoryUrl: issued.server || s.directoryUrl, email: issued.email || s.email });
      ctx.props.setMap(app, 'issued', { ...issued, revoked: new Date().toISOString() });
      ctx.log.info1('Certificate revoked successfully.');
    },
  },

  'letsencrypt:cleanup': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      ctx.log.info2(`Cleaning up stale certificate directories for ${app}`);
      const current = ctx.props.get(app, 'current');
      if (current) ctx.log.verbose(`- current config hash ${current}`);
      for (const dir of staleCertDirs(ctx, app)) {
        ctx.log.verbose(`- stale directory ${dir.split('/').pop()}`);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },

  'letsencrypt:cron-job': {
    usage: '[--add|--remove]',
    builder: (y) => y.option('add', { type: 'boolean', default: false }).option('remove', { type: 'boolean', default: false }),
    handler: (ctx, argv) => cronJob(ctx, argv.add ? 'add' : argv.remove ? 'remove' : 'status'),
  },

  'letsencrypt:set': propertySetCommand('letsencrypt:set', SETTABLE),

  'letsencrypt:report': {
    usage: '[<app>|--global] [--format json] [--<flag>]',
    builder: (y) => y.option('format', { type: 'string', describe: 'stdout or json' }).option('global', { type: 'boolean', default: false }),
    async handler(ctx, argv) {
      const name = positional(argv)[0];
      const app = argv.global ? GLOBAL : name === undefined ? undefined : await verifyApp(ctx, name);
      await printReport(ctx, argv, { title: 'letsencrypt', app, rows: (a) => reportRows(ctx, a) });
    },
  },
};
