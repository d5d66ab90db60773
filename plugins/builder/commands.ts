import fs from 'node:fs';
import path from 'node:path';
import { GLOBAL, acquireLock, deployLockFile, errors, reportCommand, propertySetCommand, verifyApp, type CommandDefinition } from '../../sdk/index.js';
import { reportRows, settable } from './properties.js';

export const commands: Record<string, CommandDefinition> = {
  'builder:set': propertySetCommand('builder:set', settable),

  'builder:report': reportCommand('builder', reportRows),

  /** Builds straight from a host directory, so it is refused over SSH: remote users push with git. */
  'builder:build': {
    usage: '<app> <dir> [rev]',
    async handler(ctx, argv) {
      if (ctx.actor.fingerprint || ctx.env.SSH_CONNECTION) throw errors.denied('builder:build can only be run on the host itself; deploy with git push');
      const app = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
      if (argv._[1] === undefined) throw errors.usage('Please specify the directory to build from');
      const dir = path.resolve(String(argv._[1]));
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw errors.notFound(`Directory ${dir} does not exist`);
      const lock = await acquireLock(deployLockFile(ctx, app), { waitMs: 0, buildId: ctx.dispatch.buildId, describe: `App ${app}` });
      try {
        await ctx.triggers.notify('build-app', app, dir, argv._[2] === undefined ? '' : String(argv._[2]));
      } finally {
        lock.release();
      }
    },
  },
};
