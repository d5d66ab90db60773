import fs from 'node:fs';
import { acquireLock, deployLockFile, isStale, readLock, type LockInfo, type PluginContext } from '../../sdk/index.js';

/** The deploy lock as apps:* sees it: held unless missing or left behind by a dead deploy. */
export function currentLock(ctx: PluginContext, app: string): LockInfo | undefined {
  const info = readLock(deployLockFile(ctx, app));
  return info && !isStale(info) ? info : undefined;
}

/**
 * apps:lock takes the same lock every build/release/deploy path takes, with no live holder,
 * so pushes and rebuilds are refused until apps:unlock. A deploy in progress makes it fail.
 */
export async function lockApp(ctx: PluginContext, app: string): Promise<void> {
  const held = currentLock(ctx, app);
  if (held?.manual) {
    ctx.log.info1('Deploy lock already exists');
    return;
  }
  await acquireLock(deployLockFile(ctx, app), { manual: true, waitMs: 0, describe: app, reason: lockReason(ctx) });
  ctx.log.info1('Deploy lock created');
}

export function unlockApp(ctx: PluginContext, app: string): void {
  const file = deployLockFile(ctx, app);
  if (!fs.existsSync(file)) {
    ctx.log.info1('Deploy lock does not exist');
    return;
  }
  ctx.log.warn('A deploy may be in progress.');
  ctx.log.warn('Removing the app lock will not stop in progress deploys.');
  fs.rmSync(file, { force: true });
  ctx.log.info1('Deploy lock removed.');
}

function lockReason(ctx: PluginContext): string {
  const who = ctx.actor.name || ctx.actor.sshUser;
  return who ? `locked by ${who} with apps:lock` : 'apps:lock';
}
