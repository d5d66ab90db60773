import fs from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import { errors, printReport, validate, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { ensureDirectory, OWNERS } from './directory.js';
import { exportStorage } from './export.js';
import { attachEntry, attachOptions, listJson, reportRows } from './attach-commands.js';
import { attachmentBinds, removeAttachments } from './attachments.js';
import { entryExists } from './entries.js';
import { entryCommands } from './entry-commands.js';
import { metadataCommands } from './metadata-commands.js';
import { addMount, readMounts, removeMount, storageRoot } from './mounts.js';

const str = (v: unknown) => (v === undefined ? undefined : String(v));
const format = (y: Argv) => y.option('format', { type: 'string', describe: 'Output format: stdout or json' });

function positionals(argv: CommandArgs, count: number, usage: string): (string | undefined)[] {
  if (argv._.length > count) throw errors.usage(`Unexpected argument '${String(argv._[count])}'`, `Usage: berth ${usage}`);
  return Array.from({ length: count }, (_, i) => str(argv._[i]));
}

/** `<app> <HOST:CONTAINER>` of mount and unmount: the app verified, the mount parsed and checked. */
async function appAndMount(ctx: PluginContext, argv: CommandArgs, usage: string): Promise<{ app: string; m: validate.BindMount }> {
  const [appArg, spec] = positionals(argv, 2, usage);
  const app = await verifyApp(ctx, appArg);
  if (!spec) throw errors.usage('Please specify a mount as HOST:CONTAINER', `Usage: berth ${usage}`);
  return { app, m: validate.parseBindMount(spec, storageRoot(ctx)) };
}

const ENSURE = 'storage:ensure-directory [--chown herokuish|heroku|paketo|root|false] <name>';
const MOUNT = 'storage:mount <app> <host-dir:container-dir[:options]>';
const UNMOUNT = 'storage:unmount <app> <host-dir:container-dir>';
const LIST = 'storage:list <app> [--format json]';
const EXPORT = 'storage:export <app> > storage.tgz';


export const commands: Record<string, CommandDefinition> = {
  'storage:ensure-directory': {
    usage: '[--chown herokuish|heroku|paketo|root|false] <name>',
    builder: (y) => y.option('chown', { type: 'string', default: 'herokuish', describe: `Owner of the directory: ${Object.keys(OWNERS).join(', ')}` }),
    handler(ctx, argv) {
      const [name] = positionals(argv, 1, ENSURE);
      ensureDirectory(ctx, name, String(argv.chown));
    },
  },

  'storage:mount': {
    usage: '<app> <host-dir:container-dir[:options]> | <app> <entry> --container-dir DIR [--phase deploy|run]… [--volume-options O] [--volume-readonly] [--volume-subpath P] [--volume-chown C]',
    builder: attachOptions,
    async handler(ctx, argv) {
      const [appArg, spec, extra] = argv._.map(String);
      // a bare name is a storage entry; without --container-dir and no such entry, it was meant as HOST:CONTAINER
      const named = spec !== undefined && !spec.includes(':') && extra === undefined && (argv.containerDir !== undefined || entryExists(ctx, spec));
      if (named) return attachEntry(ctx, await verifyApp(ctx, appArg), spec, argv);
      const { app, m } = await appAndMount(ctx, argv, MOUNT);
      addMount(ctx, app, m);
      ctx.log.info1(`Mounted ${validate.bindString(m)} into ${app} (deploy and run phases)`);
      // Docker would create a missing source as root, which the app user cannot write to.
      if (!fs.existsSync(m.host))
        ctx.log.warn(`${m.host} does not exist yet: create it first${path.dirname(m.host) === storageRoot(ctx) ? ` with 'berth storage:ensure-directory ${path.basename(m.host)}'` : ''}`);
      ctx.log.verbose(`Restart the app to apply it: berth ps:restart ${app}`);
    },
  },

  'storage:unmount': {
    usage: '<app> <host-dir:container-dir> | <app> <entry> [--container-dir DIR]',
    builder: (y) => y.option('container-dir', { type: 'string', describe: 'Only the attachment at this container path' }),
    async handler(ctx, argv) {
      const [appArg, spec, extra] = argv._.map(String);
      if (spec !== undefined && !spec.includes(':') && extra === undefined) {
        const app = await verifyApp(ctx, appArg);
        const dir = str(argv.containerDir);
        if (!removeAttachments(ctx, app, spec, dir)) throw errors.notFound(`Storage entry ${spec} is not mounted into ${app}${dir ? ` at ${dir}` : ''}`);
        ctx.log.info1(`Unmounted storage entry ${spec} from ${app}; the data is kept`);
        return void ctx.log.verbose(`Restart the app to apply it: berth ps:restart ${app}`);
      }
      const { app, m } = await appAndMount(ctx, argv, UNMOUNT);
      removeMount(ctx, app, m);
      ctx.log.info1(`Unmounted ${m.host}:${m.container} from ${app}; the host data is kept`);
      ctx.log.verbose(`Restart the app to apply it: berth ps:restart ${app}`);
    },
  },

  'storage:list': {
    usage: '<app> [--format json]',
    builder: format,
    async handler(ctx, argv) {
      const [appArg] = positionals(argv, 1, LIST);
      const app = await verifyApp(ctx, appArg);
      const fmt = str(argv.format) ?? 'stdout';
      if (fmt !== 'stdout' && fmt !== 'json') throw errors.usage(`Invalid --format value '${fmt}': use json or stdout`);
      if (fmt === 'json') return void ctx.log.out(listJson(ctx, app));
      ctx.log.info2(`${app} volume bind-mounts:`);
      // under --quiet the heading goes and the lines are bare, for scripts
      for (const b of [...readMounts(ctx, app).map(validate.bindString), ...attachmentBinds(ctx, app, 'deploy')]) ctx.log.out(ctx.flags.quiet ? b : `       ${b}`);
    },
  },

  'storage:report': {
    usage: '[<app>] [--format json] [--storage-deploy-mounts ...]',
    builder: format,
    async handler(ctx, argv) {
      const app = argv._[0] === undefined ? undefined : await verifyApp(ctx, str(argv._[0]));
      await printReport(ctx, argv, { title: 'storage', app, rows: (a) => reportRows(ctx, a), jsonKeys: 'both' });
    },
  },

  ...entryCommands,
  ...metadataCommands,

  'storage:export': {
    usage: '<app> > storage.tgz',
    async handler(ctx, argv) {
      const [appArg] = positionals(argv, 1, EXPORT);
      const app = await verifyApp(ctx, appArg);
      await exportStorage(ctx, app, ctx.stdout);
    },
  },
};
