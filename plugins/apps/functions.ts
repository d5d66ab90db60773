import fs from 'node:fs';
import path from 'node:path';
import { errors, filterVisibleApps, GLOBAL, validate, type PluginContext } from '../../sdk/index.js';

/** Directories in BERTH_ROOT that are never apps even though their names would pass the rule. */
const NOT_APPS = new Set(['tls']);

export function appDir(ctx: PluginContext, app: string): string {
  return path.join(ctx.paths.root, app);
}

/** An app exists exactly when BERTH_ROOT/APP is a directory (or a symlink to one). */
export function appExists(ctx: PluginContext, app: string): boolean {
  if (!validate.isValidAppName(app)) return false;
  try {
    return fs.statSync(appDir(ctx, app)).isDirectory();
  } catch {
    return false;
  }
}

/** One readdir, no trigger per app: this is what keeps apps:list fast with thousands of apps. */
export function listApps(ctx: PluginContext): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(ctx.paths.root, { withFileTypes: true });
  } catch {
    return [];
  }
  const apps: string[] = [];
  for (const e of entries) {
    if (NOT_APPS.has(e.name) || !validate.isValidAppName(e.name)) continue;
    if (e.isDirectory() || (e.isSymbolicLink() && appExists(ctx, e.name))) apps.push(e.name);
  }
  return apps.sort();
}

/** Apps the caller may see. */
export const visibleApps = filterVisibleApps;

/** apps:create and auto-creation: validate, refuse a taken name, mkdir, then `post-create`. */
export async function createApp(ctx: PluginContext, name: string | undefined): Promise<string> {
  const app = validate.assertAppName(name);
  if (appExists(ctx, app)) throw errors.appExists(app);
  ctx.log.info1(`Creating ${app}...`);
  try {
    fs.mkdirSync(appDir(ctx, app), { mode: 0o755 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw errors.appExists(app);
    throw err;
  }
  await ctx.triggers.notify('post-create', app);
  return app;
}

export function autocreationDisabled(ctx: PluginContext): boolean {
  return ctx.props.get(GLOBAL, 'disable-autocreation') === 'true';
}

/** Files in an app dir that describe running containers or generated proxy config: never copied. */
const RUNTIME_FILE = /^(?:(?:CONTAINER|IP|PORT)(?:\..*)?|nginx\.conf|URLS|\.deploy\.lock)$/;

/** Copy OLD's app dir (repo, nginx.conf.d, tls, …) into NEW, leaving runtime state behind. */
export function copyAppDir(ctx: PluginContext, from: string, to: string): void {
  const src = appDir(ctx, from);
  const dest = appDir(ctx, to);
  let names: string[];
  try {
    names = fs.readdirSync(src);
  } catch {
    return;
  }
  for (const name of names) {
    if (RUNTIME_FILE.test(name)) continue;
    fs.cpSync(path.join(src, name), path.join(dest, name), { recursive: true, force: true, preserveTimestamps: true, verbatimSymlinks: true });
  }
}

/** Remove the app dir; when it is a symlink, empty its target and remove the link. */
export function removeAppDir(ctx: PluginContext, app: string): void {
  const dir = appDir(ctx, app);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return;
  }
  if (st.isSymbolicLink()) {
    const target = fs.realpathSync(dir);
    for (const name of fs.readdirSync(target)) fs.rmSync(path.join(target, name), { recursive: true, force: true });
    fs.rmSync(dir, { force: true });
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
