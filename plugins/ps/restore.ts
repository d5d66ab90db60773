import { errors, type CommandArgs, type PluginContext } from '../../sdk/index.js';
import { withDeployLock } from './lock.js';
import { isDeployed, readScale, totalScale } from './properties.js';
import { currentTag, deployRelease, schedulerOf } from './release.js';

/**
 * ps:restore: every deployed app whose `restore` is not false gets its processes back (after a host
 * reboot containers exist but are stopped, or are gone): the current release is deployed again.
 * One app's failure is reported and the others still restore; the exit code says whether all did.
 */
export async function psRestore(ctx: PluginContext, argv: CommandArgs): Promise<number> {
  const parallel = Math.max(1, Math.min(16, Number(argv.parallel) || 1));
  const apps = (await ctx.triggers.collect('app-list')).filter((app) => isDeployed(ctx, app) && ctx.props.get(app, 'restore') !== 'false');
  const queue = [...apps];
  const failed: string[] = [];
  const worker = async () => {
    for (let app = queue.shift(); app !== undefined; app = queue.shift()) {
      try {
        await restoreApp(ctx, app);
      } catch (err) {
        failed.push(app);
        ctx.log.warn(`Restoring ${app} failed: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, apps.length) }, worker));
  if (failed.length) throw errors.external(`Unable to restore ${failed.length} app${failed.length > 1 ? 's' : ''}: ${failed.join(', ')}`);
  return 0;
}

async function restoreApp(ctx: PluginContext, app: string): Promise<void> {
  await withDeployLock(ctx, app, async () => {
    const scheduler = await schedulerOf(ctx, app);
    await ctx.triggers.select('scheduler-pre-restore', scheduler, app);
    await ctx.triggers.notify('pre-restore', scheduler, app);
    const [count, running] = (await ctx.triggers.selectValue('scheduler-app-status', scheduler, app)).trim().split(/\s+/);
    if (running === 'true' && Number(count) === totalScale(readScale(ctx, app))) {
      ctx.log.info1(`${app} is running`);
      return;
    }
    ctx.log.info1(`Restoring ${app}`);
    await deployRelease(ctx, app, currentTag(ctx, app));
  });
}
