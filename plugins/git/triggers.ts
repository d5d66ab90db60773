import fs from 'node:fs';
import path from 'node:path';
import { errors, GLOBAL, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { deployBranch, gitProperty } from './properties.js';
import { copyRepo, isRepo, repoDir, resolveCommit, setHead, writeHook } from './repo.js';
import { receiveApp } from './receive.js';

/** A new name needs the repo (apps usually copied the app dir already) and a hook that names it. */
async function carryOver(ctx: PluginContext, from: string, to: string): Promise<void> {
  ctx.props.clone(from, to);
  if (!fs.existsSync(repoDir(ctx, to))) return;
  if (isRepo(ctx, from) && !fs.existsSync(path.join(repoDir(ctx, to), 'refs'))) copyRepo(ctx, from, to);
  if (isRepo(ctx, to)) {
    writeHook(ctx, to);
    await setHead(ctx, to, deployBranch(ctx, to));
  }
}

export const triggers: TypedTriggerHandlers = {
  'receive-app': (ctx, app, rev) => receiveApp(ctx, app, rev),

  'git-has-code': async (ctx, app, branch) => {
    const ref = `refs/heads/${branch || deployBranch(ctx, app)}`;
    if (!isRepo(ctx, app) || !(await resolveCommit(ctx, app, ref))) throw errors.notFound(`App ${app} has no code on ${ref}`);
  },

  'git-get-property': (ctx, app, key) => (app === GLOBAL ? ctx.props.get(GLOBAL, key) ?? '' : gitProperty(ctx, app, key)),

  'git-revision': async (ctx, app) => (isRepo(ctx, app) ? ((await resolveCommit(ctx, app, `refs/heads/${deployBranch(ctx, app)}`)) ?? '') : ''),

  'post-delete': (ctx, app) => ctx.props.destroy(app),

  'post-app-rename-setup': (ctx, from, to) => carryOver(ctx, from, to),

  'post-app-clone-setup': (ctx, from, to) => carryOver(ctx, from, to),
};
