import { errors } from '../core/errors.js';
import type { PluginContext } from '../core/types.js';
import { assertAppName } from '../core/validate.js';

/** The apps of `apps` the caller may see: all of them unless an access plugin implements `user-auth-app`. */
export async function filterVisibleApps(ctx: PluginContext, apps: string[]): Promise<string[]> {
  if (!apps.length || !ctx.triggers.implemented('user-auth-app')) return apps;
  if (ctx.actor.sshUser === 'root' && !ctx.actor.name) return apps;
  const allowed = new Set(await ctx.triggers.collect('user-auth-app', ctx.actor.sshUser, ctx.actor.name, ...apps));
  return apps.filter((a) => allowed.has(a));
}

/** Every app the caller may see: `app-list`, filtered. */
export async function visibleAppList(ctx: PluginContext): Promise<string[]> {
  return filterVisibleApps(ctx, await ctx.triggers.collect('app-list'));
}

/**
 * Validate an app name and check it exists (and that the caller may see it): Dokku's verify_app_name.
 * Existence is answered by whichever plugin implements `app-exists`.
 */
export async function verifyApp(ctx: PluginContext, app: string | undefined): Promise<string> {
  const name = assertAppName(app);
  if (!(await ctx.triggers.gate('app-exists', name)).ok) throw errors.appNotFound(name);
  if (!(await filterVisibleApps(ctx, [name])).length) throw errors.appNotFound(name);
  return name;
}

/** The per-app deploy lock file every build/release/deploy path takes. */
export function deployLockFile(ctx: PluginContext, app: string): string {
  return `${ctx.paths.libRoot}/data/apps/${app}/.deploy.lock`;
}
