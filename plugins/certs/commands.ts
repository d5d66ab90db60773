import fs from 'node:fs';
import path from 'node:path';
import { errors, reportCommand, validate, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { addHttpsMapping, removeHttpsMapping } from './https-port.js';
import { generateSelfSigned } from './openssl.js';
import { reportRows } from './report.js';
import { certFiles, extractTar, hasCert, install, removeFiles, withScratch } from './store.js';

function positional(argv: CommandArgs): string[] {
  return argv._.map(String);
}

/** Binary-safe stdin: a tar must not go through a text decoder. An interactive terminal gives nothing. */
function readStdin(): Buffer {
  if (process.stdin.isTTY) return Buffer.alloc(0);
  try {
    return fs.readFileSync(0);
  } catch {
    return Buffer.alloc(0);
  }
}

/** Installed: make sure https is mapped, then let the proxy pick the pair up. */
async function installed(ctx: PluginContext, app: string): Promise<void> {
  await addHttpsMapping(ctx, app);
  await ctx.triggers.notify('post-certs-update', app);
}

function addCommand(verb: string): CommandDefinition {
  return {
    usage: '<app> [<crt-file> <key-file>]  (or a tar of one .crt and one .key on stdin)',
    async handler(ctx, argv) {
      const [name, crt, key, ...extra] = positional(argv);
      const app = await verifyApp(ctx, name);
      if ((crt === undefined) !== (key === undefined) || extra.length) throw errors.usage(`Usage: berth certs:${verb} APP CRT_FILE KEY_FILE, or berth certs:${verb} APP < certs.tar`);
      ctx.log.info1(`${verb === 'add' ? 'Adding' : 'Updating'} the certificate of ${app}`);
      if (crt !== undefined && key !== undefined) {
        for (const f of [crt, key]) if (!fs.statSync(f, { throwIfNoEntry: false })?.isFile()) throw errors.notFound(`File ${f} does not exist`);
        await install(ctx, app, { crt: path.resolve(crt), key: path.resolve(key) });
      } else {
        const tar = readStdin();
        await withScratch(async (dir) => install(ctx, app, await extractTar(tar, dir)));
      }
      await installed(ctx, app);
    },
  };
}

export const commands: Record<string, CommandDefinition> = {
  'certs:add': addCommand('add'),
  'certs:update': addCommand('update'),
  'certs:remove': {
    usage: '<app>',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, positional(argv)[0]);
      if (!hasCert(ctx, app)) throw errors.notFound(`App ${app} has no certificate`);
      ctx.log.info1(`Removing the certificate of ${app}`);
      removeFiles(ctx, app);
      await removeHttpsMapping(ctx, app);
      await ctx.triggers.notify('post-certs-remove', app);
    },
  },
  'certs:generate': {
    usage: '<app> <domain>',
    async handler(ctx, argv) {
      const [name, domain] = positional(argv);
      const app = await verifyApp(ctx, name);
      if (!domain) throw errors.usage('Usage: berth certs:generate APP DOMAIN');
      const host = validate.assertDomain(domain);
      ctx.log.info1(`Generating a self-signed certificate for ${host}`);
      await withScratch(async (dir) => {
        const files = { crt: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
        await generateSelfSigned(host, files.crt, files.key);
        await install(ctx, app, files);
      });
      await installed(ctx, app);
      // As Dokku's certs:generate: the certificate's domain becomes one of the app's domains.
      await ctx.triggers.notify('domains-add', app, host).catch((err: Error) => ctx.log.warn(`${host} was not added to the domains of ${app}: ${err.message}`));
    },
  },
  'certs:show': {
    usage: '<app> crt|key',
    async handler(ctx, argv) {
      const [name, part] = positional(argv);
      const app = await verifyApp(ctx, name);
      if (part !== 'crt' && part !== 'key') throw errors.usage('Usage: berth certs:show APP crt|key');
      if (!hasCert(ctx, app)) throw errors.notFound(`App ${app} has no certificate`);
      ctx.stdout.write(fs.readFileSync(certFiles(ctx, app)[part]));
    },
  },
  'certs:report': reportCommand('ssl', reportRows),
};
