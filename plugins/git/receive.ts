import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLock, deployLockFile, errors, mark, validate, type HeldLock, type PluginContext } from '../../sdk/index.js';
import { deployBranch, gitProperty } from './properties.js';
import { extractCommit, isRepo, resolveCommit } from './repo.js';

/** A rebuild queues behind a running deploy for this long; a push never waits. */
const REBUILD_WAIT_MS = 10 * 60 * 1000;

/**
 * `receive-app APP [REV]`: under the app's deploy lock, extract REV (a push) or the deploy branch
 * (a rebuild) into a temp dir and hand it to the builder with `build-app APP DIR REV`.
 */
export async function receiveApp(ctx: PluginContext, appArg: string, revArg?: string): Promise<void> {
  const app = validate.assertAppName(appArg);
  if (!isRepo(ctx, app)) throw errors.notFound(`App ${app} has no code to build`, `Push to it first: git push <remote> ${deployBranch(ctx, app)}`);
  const push = Boolean(revArg);
  const rev = revArg || `refs/heads/${deployBranch(ctx, app)}`;
  const sha = await resolveCommit(ctx, app, rev);
  if (!sha) throw errors.notFound(`App ${app} has no commit ${rev}`);
  const buildId = (await ctx.triggers.collect('builds-generate-id')).trim() || `pid-${process.pid}`;
  const lock = await acquireLock(deployLockFile(ctx, app), {
    waitMs: push ? 0 : REBUILD_WAIT_MS,
    buildId,
    describe: app,
    onWait: (holder) => ctx.log.info1(`Waiting for the running deploy of ${app} to finish (pid ${holder?.pid ?? '?'})...`),
  });
  // Every dispatch of this build (build log, releases, events) files its work under this build.
  await ctx.withContext({ buildId }, () => buildUnderLock(ctx, app, sha, push, buildId, lock));
}

async function buildUnderLock(ctx: PluginContext, app: string, sha: string, push: boolean, buildId: string, lock: HeldLock): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `berth-build-${app}-`));
  let exit = 1;
  try {
    await optional(ctx, 'builds-record-start', () => ctx.triggers.notify('builds-record-start', app, buildId, String(process.pid), push ? 'git-push' : 'rebuild'));
    await setRevEnv(ctx, app, sha);
    ctx.log.info1(`Preparing ${app} at ${sha.slice(0, 12)}`);
    mark('extract source');
    await extractCommit(ctx, app, sha, dir);
    mark('source extracted');
    const extracted = await ctx.triggers.gate('core-post-extract', app, dir, sha);
    if (!extracted.ok) throw extracted.error ?? errors.external(`Preparing the source of ${app} failed`);
    await ctx.triggers.notify('post-extract', app, dir, sha);
    if (!ctx.triggers.implemented('build-app'))
      throw errors.notFound(`Cannot build ${app}: no enabled plugin implements 'build-app'`, "Enable the builder plugin: 'berth plugin:enable builder'");
    await ctx.triggers.notify('build-app', app, dir, sha);
    await optional(ctx, 'deploy-source-set', () => ctx.triggers.notify('deploy-source-set', app, push ? 'git-push' : 'git-rebuild', sha));
    exit = 0;
  } finally {
    lock.release();
    fs.rmSync(dir, { recursive: true, force: true });
    const finalize = optional(ctx, 'builds-record-finalize', () => ctx.triggers.notify('builds-record-finalize', app, buildId, String(exit)));
    // After a failed build, the build's own error is the one to report.
    await (exit === 0 ? finalize : finalize.catch(() => {}));
  }
}

/** GIT_REV (or the name in rev-env-var; empty turns it off) set without a restart, as Dokku does. */
async function setRevEnv(ctx: PluginContext, app: string, sha: string): Promise<void> {
  const name = gitProperty(ctx, app, 'rev-env-var');
  if (name) await optional(ctx, 'config-set', () => ctx.triggers.notify('config-set', '--no-restart', app, `${name}=${sha}`));
}

async function optional(ctx: PluginContext, trigger: string, fire: () => Promise<void>): Promise<void> {
  if (ctx.triggers.implemented(trigger)) await fire();
}
