import fs from 'node:fs';
import path from 'node:path';
import { errors, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { formatScale, isDeployed, property, readScale, settable } from './properties.js';
import { currentTag, deployRelease, releaseAndDeploy } from './release.js';
import { parseProcfile, readStaged, stageFromSource } from './staged.js';

/** Settings follow an app through rename and clone; deploy state does not (the new app is built afresh). */
function copySettings(ctx: PluginContext, from: string, to: string): void {
  for (const key of ['scale', ...Object.keys(settable)]) {
    const v = ctx.props.get(from, key);
    if (v !== undefined) ctx.props.set(to, key, v);
  }
}

export const triggers: TypedTriggerHandlers = {
  'release-and-deploy': (ctx, app, tag, source) => releaseAndDeploy(ctx, app, tag ?? '', source ?? ''),

  /** deploy APP [TAG] [PROC]: the current release again (ps:restart, ps:scale): no rebuild. */
  deploy: (ctx, app, tag, proc) => deployRelease(ctx, app, tag || currentTag(ctx, app), proc || undefined),

  'app-restart': async (ctx, app) => {
    if (isDeployed(ctx, app)) await deployRelease(ctx, app, currentTag(ctx, app));
  },

  'ps-current-scale': (ctx, app) => [...readScale(ctx, app)].map(([t, n]) => `${t}=${n}`),

  'ps-get-property': (ctx, app, key) => (key === 'scale' ? formatScale(readScale(ctx, app)) : property(ctx, app, key)),

  'core-post-extract': (ctx, app, dir) => stageFromSource(ctx, app, dir),

  /** The command of a process type: the Procfile of the release being deployed, else of the current one. */
  'procfile-get-command': (ctx, app, proc) => parseProcfile(readStaged(ctx, app, 'Procfile')).get(proc) ?? '',

  'procfile-exists': (ctx, app) => {
    if (readStaged(ctx, app, 'Procfile') === undefined) throw errors.notFound(`App ${app} has no Procfile`);
  },

  'app-json-get-content': (ctx, app) => readStaged(ctx, app, 'app.json') ?? '',

  'post-delete': (ctx, app) => {
    ctx.props.destroy(app);
    fs.rmSync(path.join(ctx.paths.data, app), { recursive: true, force: true });
  },

  'post-app-rename-setup': (ctx, oldApp, newApp) => copySettings(ctx, oldApp, newApp),
  'post-app-clone-setup': (ctx, oldApp, newApp) => copySettings(ctx, oldApp, newApp),
};
