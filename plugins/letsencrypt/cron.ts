import path from 'node:path';
import { ensureEntryScript, GLOBAL, type PluginContext } from '../../sdk/index.js';

const SCHEDULE = '24 6 * * *';

export const autorenewOn = (ctx: PluginContext) => ctx.props.get(GLOBAL, 'autorenew') === 'true';

/** The `cron-entries` line: daily `letsencrypt:auto-renew`, logged to logs/letsencrypt.log. */
export function cronEntries(ctx: PluginContext): string[] {
  if (!autorenewOn(ctx)) return [];
  const entry = ensureEntryScript(ctx.paths, { ifMissing: true, env: ctx.env });
  return [`${SCHEDULE};${entry} letsencrypt:auto-renew;${path.join(ctx.paths.libRoot, 'logs', 'letsencrypt.log')}`];
}

/** The scheduler owns the crontab block; this plugin only says whether its line is in it. */
export async function cronJob(ctx: PluginContext, action: 'add' | 'remove' | 'status'): Promise<void> {
  if (action === 'status') {
    if (autorenewOn(ctx)) {
      ctx.log.info2('Auto-renew cron job is enabled');
      ctx.log.verbose("Run 'berth letsencrypt:cron-job --remove' to disable.");
    } else {
      ctx.log.info2('Auto-renew cron job is not enabled');
      ctx.log.verbose("Run 'berth letsencrypt:cron-job --add' to enable.");
    }
    return;
  }
  ctx.props.set(GLOBAL, 'autorenew', action === 'add' ? 'true' : '');
  const scheduler = (await ctx.triggers.collect('scheduler-detect', GLOBAL).catch(() => '')).trim() || 'docker-local';
  await ctx.triggers.select('scheduler-cron-write', scheduler);
  ctx.log.info1(action === 'add' ? "Added the auto-renew cron job to the platform user's crontab." : "Removed the auto-renew cron job from the platform user's crontab.");
}
