import { acquireLock, confirmByName, deployLockFile, errors, readLock, selectedProvider, validate, verifyApp, type HeldLock, type PluginContext } from '../../sdk/index.js';
import { appExists, createApp, removeAppDir } from './functions.js';

/** Dokku reads the typed name from stdin; anything but the exact app name aborts. */
export async function confirmDestroy(ctx: PluginContext, app: string): Promise<void> {
  await confirmByName(ctx, app, `${app} (including all add-ons)`);
}

/**
 * The destroy chain: pre-delete may veto; then the scheduler stops and cleans up, every plugin
 * wipes its state in post-delete, and the app dir goes last. Any failure stops the chain.
 */
export async function destroyApp(ctx: PluginContext, app: string): Promise<void> {
  const lock = await holdUnlessManual(ctx, app);
  try {
    ctx.log.info1(`Destroying ${app} (including all add-ons)`);
    const tag = (await ctx.triggers.collect('deployed-app-image-tag', app)).trim();
    const veto = await ctx.triggers.gate('pre-delete', app, tag);
    if (!veto.ok) throw veto.error ?? errors.conflict(`Destroying ${app} was refused by a pre-delete handler`);
    const scheduler = await selectedProvider(ctx, 'scheduler', app);
    await ctx.triggers.select('scheduler-stop', scheduler, app, 'true');
    await ctx.triggers.select('scheduler-post-delete', scheduler, app, tag);
    await ctx.triggers.notify('post-delete', app, tag);
    ctx.log.info1('Retiring old containers and images');
    await ctx.triggers.select('scheduler-retire', scheduler, app);
    removeAppDir(ctx, app);
  } finally {
    lock?.release();
  }
}

/** A running deploy blocks a destroy; an apps:lock hold does not (the app is going away). */
async function holdUnlessManual(ctx: PluginContext, app: string): Promise<HeldLock | undefined> {
  const file = deployLockFile(ctx, app);
  if (readLock(file)?.manual) return undefined;
  return acquireLock(file, { waitMs: 0, describe: app });
}

/** Name checks shared by rename and clone: OLD must be visible, NEW valid and free. */
async function checkPair(ctx: PluginContext, oldName: string | undefined, newName: string | undefined) {
  const from = await verifyApp(ctx, oldName);
  if (!newName) throw errors.usage('Please specify a new app name');
  const to = validate.assertAppName(newName);
  return { from, to };
}

/**
 * SKIP_REBUILD tells the post-app-rename/-clone handlers (ps) not to rebuild, as in Dokku. It is
 * decided up front from OLD's repo (which setup copies to NEW) because shell handlers get their
 * environment once per run; nobody answering `git-has-code` means there is no code.
 */
async function decideRebuild(ctx: PluginContext, from: string, skipDeploy: boolean): Promise<void> {
  const rebuild = !skipDeploy && ctx.triggers.implemented('git-has-code') && (await ctx.triggers.gate('git-has-code', from)).ok;
  if (!rebuild) process.env.SKIP_REBUILD = 'true';
}

export async function renameApp(ctx: PluginContext, oldName: string | undefined, newName: string | undefined, skipDeploy: boolean): Promise<void> {
  const { from, to } = await checkPair(ctx, oldName, newName);
  if (from === to) throw errors.usage('The new app name must differ from the old one');
  if (appExists(ctx, to)) throw errors.appExists(to);
  await decideRebuild(ctx, from, skipDeploy);
  ctx.log.info1(`Renaming ${from} to ${to}`);
  await createApp(ctx, to);
  await ctx.triggers.notify('post-app-rename-setup', from, to);
  await destroyApp(ctx, from);
  await ctx.triggers.notify('post-app-rename', from, to);
}

export async function cloneApp(
  ctx: PluginContext,
  oldName: string | undefined,
  newName: string | undefined,
  o: { skipDeploy: boolean; ignoreExisting: boolean },
): Promise<void> {
  const { from, to } = await checkPair(ctx, oldName, newName);
  if (appExists(ctx, to)) {
    if (!o.ignoreExisting) throw errors.appExists(to);
    ctx.log.warn(`Name is already taken: ${to}`);
    return;
  }
  await decideRebuild(ctx, from, o.skipDeploy);
  ctx.log.info1(`Cloning ${from} to ${to}`);
  await createApp(ctx, to);
  await ctx.triggers.notify('post-app-clone-setup', from, to);
  await ctx.triggers.notify('post-app-clone', from, to);
}
