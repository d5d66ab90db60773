import fs from 'node:fs';
import path from 'node:path';
import { acquireLock, deployLockFile, errors, readLock, verifyApp, type CommandArgs, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { appExists, autocreationDisabled, copyAppDir, createApp, listApps } from './functions.js';
import { destroyApp } from './lifecycle.js';
import { report } from './report.js';

/** Properties a clone starts without: it is a new app with its own history. */
const NOT_CLONED = new Set(['created-at', 'deploy-source', 'deploy-source-metadata']);

function copyProps(ctx: PluginContext, from: string, to: string, skip: Set<string>): void {
  for (const [key, value] of Object.entries(ctx.props.all(from))) if (!skip.has(key)) ctx.props.set(to, key, value);
}

export const triggers: TypedTriggerHandlers = {
  'app-exists': (ctx, app) => {
    if (!appExists(ctx, app)) throw errors.appNotFound(app);
  },

  'app-list': (ctx) => listApps(ctx),

  'app-maybe-create': async (ctx, app) => {
    if (appExists(ctx, app)) return;
    if (autocreationDisabled(ctx)) throw errors.denied('App auto-creation disabled.');
    await createApp(ctx, app);
  },

  'app-create': async (ctx, app) => {
    await createApp(ctx, app);
  },

  'app-destroy': async (ctx, app) => {
    await destroyApp(ctx, await verifyApp(ctx, app));
  },

  'deploy-source-set': (ctx, app, type, metadata) => {
    ctx.props.set(app, 'deploy-source', type);
    ctx.props.set(app, 'deploy-source-metadata', metadata);
  },

  'post-create': (ctx, app) => {
    ctx.props.set(app, 'created-at', String(Math.floor(Date.now() / 1000)));
  },

  'post-delete': (ctx, app) => {
    ctx.props.destroy(app);
    fs.rmSync(path.join(ctx.paths.data, app), { recursive: true, force: true });
  },

  'post-app-rename-setup': async (ctx, oldApp, newApp) => {
    copyAppDir(ctx, oldApp, newApp);
    copyProps(ctx, oldApp, newApp, new Set());
    // an apps:lock hold is part of the app's state and follows it to its new name
    const held = readLock(deployLockFile(ctx, oldApp));
    if (held?.manual) await acquireLock(deployLockFile(ctx, newApp), { manual: true, reason: held.reason });
  },

  'post-app-clone-setup': (ctx, oldApp, newApp) => {
    copyAppDir(ctx, oldApp, newApp);
    copyProps(ctx, oldApp, newApp, NOT_CLONED);
  },

  report: (ctx, app) => report(ctx, { _: [] } as unknown as CommandArgs, app),
};
