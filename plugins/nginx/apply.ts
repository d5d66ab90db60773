import fs from 'node:fs';
import path from 'node:path';
import { acquireLock, BerthError, mark, writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import { reload, testConfig } from './nginx-cli.js';

export function confFile(ctx: PluginContext, app: string): string {
  return path.join(ctx.paths.root, app, 'nginx.conf');
}

function readOr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function restore(file: string, previous: string | undefined): void {
  if (previous === undefined) fs.rmSync(file, { force: true });
  else writeFileAtomic(file, previous, 0o644);
}

/** Apps whose files nginx names in its error output (so a failure elsewhere points at its owner). */
export function appsNamedIn(ctx: PluginContext, output: string): string[] {
  const root = ctx.paths.root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = [...output.matchAll(new RegExp(`${root}/([a-z0-9][a-z0-9.-]*)/`, 'g'))].map((m) => m[1]!);
  return [...new Set(found)];
}

function failure(ctx: PluginContext, app: string, output: string): BerthError {
  const named = appsNamedIn(ctx, output);
  const others = named.filter((a) => !app.split(', ').includes(a));
  const hint = others.length
    ? `The error is in the nginx config of ${others.join(', ')}: fix it there, or run 'berth proxy:clear-config ${others[0]}'`
    : named.length
      ? `Check the snippets in ${path.join(ctx.paths.root, app, 'nginx.conf.d')} and 'berth nginx:report ${app}'`
      : undefined;
  return new BerthError('EXTERNAL', `nginx config test failed for app ${app}; nginx keeps running its previous config:\n${output}`, { hint });
}

/**
 * Swap in new per-app config files (undefined removes one), test the whole nginx config and reload.
 * On a failed test every file is put back as it was and nginx is not touched, so the apps it serves keep
 * being served. One lock serialises this across concurrent deploys.
 */
export async function applyFiles(ctx: PluginContext, app: string, files: Record<string, string | undefined>): Promise<void> {
  const lock = await acquireLock(path.join(ctx.paths.data, 'reload.lock'), { waitMs: 120000, describe: 'The nginx config' });
  try {
    const previous = Object.fromEntries(Object.keys(files).map((f) => [f, readOr(f)]));
    for (const [file, content] of Object.entries(files)) {
      if (content === undefined) fs.rmSync(file, { force: true });
      else writeFileAtomic(file, content, 0o644);
    }
    mark('nginx -t starts');
    const test = await testConfig(ctx);
    mark('nginx -t done');
    if (!test.ok) {
      for (const [file, content] of Object.entries(previous)) restore(file, content);
      throw failure(ctx, app, test.output);
    }
    await ctx.triggers.notify('nginx-pre-reload', app, '', '');
    await reload(ctx);
    mark('nginx reloaded, old workers stopped accepting');
  } finally {
    lock.release();
  }
}
