import { acquireLock, deployLockFile, readLock, type PluginContext } from '../../sdk/index.js';

const WAIT_MS = 15 * 60 * 1000;

/** Every ps path that changes containers runs under the app's deploy lock; `apps:lock` refuses at once. */
export async function withDeployLock<T>(ctx: PluginContext, app: string, fn: () => Promise<T>): Promise<T> {
  const file = deployLockFile(ctx, app);
  const manual = readLock(file)?.manual;
  const lock = await acquireLock(file, {
    waitMs: manual ? 0 : WAIT_MS,
    buildId: ctx.dispatch.buildId,
    describe: `App ${app}`,
    onWait: (holder) => ctx.log.info1(`Waiting for the deploy lock of ${app} (held by pid ${holder?.pid ?? '?'} since ${holder?.startedAt ?? '?'})...`),
  });
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
