import fs from 'node:fs';
import path from 'node:path';
import { BerthError, dockerClient, errors, mark, type PluginContext } from '../../sdk/index.js';
import { buildId, teeOutput } from './build-log.js';
import { property } from './properties.js';

/**
 * build-app APP SOURCE_DIR [REV]: detect → pre-receive-app → pre-build → builder-build → post-build →
 * release-and-deploy. A failed build touches nothing that runs: "App build failed".
 */
export async function buildApp(ctx: PluginContext, app: string, sourceDir: string, rev = ''): Promise<void> {
  const id = await buildId(ctx);
  await ctx.withContext({ buildId: id }, () => buildWithLog(ctx, app, sourceDir, rev, id));
}

async function buildWithLog(ctx: PluginContext, app: string, sourceDir: string, rev: string, id: string): Promise<void> {
  const log = teeOutput(ctx, app, id);
  let failure: string | undefined;
  try {
    const dir = contextDir(ctx, app, sourceDir);
    const type = await ctx.triggers.first('builder-detect', app, dir);
    if (!type)
      throw errors.notFound(`Unable to select a builder for ${app}: no Dockerfile found in the source`, 'Add a Dockerfile, or choose a builder with builder:set APP selected NAME');
    await ctx.triggers.notify('builder-set-property', app, 'detected', type);
    try {
      await build(ctx, app, type, dir, rev);
    } catch (err) {
      ctx.log.warn(err instanceof Error ? err.message : String(err));
      if (err instanceof BerthError && err.hint) ctx.log.warn(err.hint);
      throw errors.external('App build failed', err);
    }
    await ctx.triggers.notify('release-and-deploy', app);
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
    throw err;
  } finally {
    log.stop(failure);
  }
}

async function build(ctx: PluginContext, app: string, type: string, dir: string, rev: string): Promise<void> {
  const veto = await ctx.triggers.gate('pre-receive-app', app, type, dir, rev);
  if (!veto.ok) throw veto.error ?? errors.denied(`pre-receive-app refused the build of ${app}`);
  const pre = await ctx.triggers.gate('pre-build', type, app, dir);
  if (!pre.ok) throw pre.error ?? errors.denied(`pre-build refused the build of ${app}`);
  mark('build starts');
  await ctx.triggers.select('builder-build', type, app, dir);
  mark('build done');
  await assertBuilt(app, type);
  await ctx.triggers.notify('post-build', type, app, dir);
}

/** The build context: SOURCE_DIR, or its `build-dir` subdirectory when one is set. */
function contextDir(ctx: PluginContext, app: string, sourceDir: string): string {
  const sub = property(ctx, app, 'build-dir');
  const dir = sub ? path.join(sourceDir, sub) : sourceDir;
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw errors.notFound(sub ? `Build dir '${sub}' does not exist in the source of ${app}` : `Source directory ${dir} does not exist`);
  return dir;
}

/** A builder name nobody provides runs no handler: catch that instead of deploying an old image. */
async function assertBuilt(app: string, type: string): Promise<void> {
  let labels: Record<string, string> | undefined;
  try {
    labels = (await (await dockerClient()).getImage(`berth/${app}:latest`).inspect()).Config?.Labels ?? {};
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  const builtBy = labels?.['com.dokku.builder-type'];
  if (!labels || (builtBy && builtBy !== type))
    throw new BerthError('NOT_FOUND', `No builder '${type}' produced berth/${app}:latest`, { hint: `Is a plugin providing the '${type}' builder installed and enabled? See builder:report ${app}` });
}
