import fs from 'node:fs';
import path from 'node:path';
import { ensureEntryScript, selectedProvider, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { parseCronTasks, renamed, storedTasks, storeTasks } from './tasks.js';

export const schedulerOf = (ctx: PluginContext, app: string) => selectedProvider(ctx, 'scheduler', app);

/** The scheduler rewrites its cron schedule (for docker-local: the platform user's crontab). */
async function cronWrite(ctx: PluginContext, app: string, scheduler?: string): Promise<void> {
  await ctx.triggers.select('scheduler-cron-write', scheduler ?? (await schedulerOf(ctx, app)), app);
}

function readSourceAppJson(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
  } catch {
    return undefined;
  }
}

export const triggers: TypedTriggerHandlers = {
  /** A bad cron list fails the push here, before anything is built, so the running release is untouched. */
  'core-post-extract': (ctx, app, dir) => void parseCronTasks(app, readSourceAppJson(dir)),

  /**
   * After a deploy switched over: the deployed app.json's tasks become the app's. Only an app that
   * has (or had) tasks touches the crontab, so deploys of other apps never rewrite it.
   */
  'post-deploy': async (ctx, app) => {
    const before = storedTasks(ctx, app);
    const tasks = parseCronTasks(app, await ctx.triggers.collect('app-json-get-content', app));
    if (!before.length && !tasks.length) return;
    storeTasks(ctx, app, tasks);
    if (JSON.stringify(before) !== JSON.stringify(tasks)) ctx.log.info1(`Updating the cron tasks of ${app} (${tasks.length})`);
    await cronWrite(ctx, app);
  },

  /** `schedule;command;logfile` lines: every app task of this scheduler runs `berth cron:run APP ID`. */
  'cron-entries': async (ctx, scheduler) => {
    const apps = (await ctx.triggers.collect('app-list')).filter((a) => storedTasks(ctx, a).length);
    if (!apps.length) return [];
    const entry = ensureEntryScript(ctx.paths, { ifMissing: true, env: ctx.env });
    const logfile = path.join(ctx.paths.libRoot, 'logs', 'cron.log');
    fs.mkdirSync(path.dirname(logfile), { recursive: true });
    const lines: string[] = [];
    for (const app of apps.sort()) {
      if (scheduler && (await schedulerOf(ctx, app)) !== scheduler) continue;
      for (const t of storedTasks(ctx, app)) lines.push(`${t.schedule};${entry} cron:run ${app} ${t.id};${logfile}`);
    }
    return lines;
  },

  'cron-get-property': (ctx, app, key) => (key === 'tasks' ? JSON.stringify(storedTasks(ctx, app)) : (ctx.props.get(app, key) ?? '')),

  'post-delete': async (ctx, app) => {
    const had = storedTasks(ctx, app).length > 0;
    const scheduler = had ? await schedulerOf(ctx, app) : undefined;
    ctx.props.destroy(app);
    if (had) await cronWrite(ctx, app, scheduler);
  },

  /** The tasks move with the app (new ids); the crontab is rewritten when the old app is removed. */
  'post-app-rename-setup': (ctx, oldApp, newApp) => storeTasks(ctx, newApp, renamed(storedTasks(ctx, oldApp), newApp)),

  'post-app-rename': async (ctx, _oldApp, newApp) => {
    if (storedTasks(ctx, newApp).length) await cronWrite(ctx, newApp);
  },
};
