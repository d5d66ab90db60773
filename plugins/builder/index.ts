import fs from 'node:fs';
import path from 'node:path';
import { definePlugin, reportTrigger } from '../../sdk/index.js';
import { commands } from './commands.js';
import { buildApp } from './pipeline.js';
import { reportRows, property } from './properties.js';

export default definePlugin({
  triggers: {
    report: reportTrigger('builder', reportRows),
    'build-app': (ctx, app, dir, rev) => buildApp(ctx, app, dir, rev ?? ''),
    /** The user's choice wins: this plugin sorts before every builder-* implementation. */
    'builder-detect': (ctx, app) => {
      const selected = property(ctx, app, 'selected');
      // Dokku's name for the buildpack builder (builder-buildpack provides `buildpack`).
      return (selected === 'herokuish' ? 'buildpack' : selected) || undefined;
    },
    'builder-get-property': (ctx, app, key) => property(ctx, app, key),
    'builder-set-property': (ctx, app, key, value) => ctx.props.set(app, key, value ?? ''),
    'post-delete': (ctx, app) => {
      ctx.props.destroy(app);
      fs.rmSync(path.join(ctx.paths.libRoot, 'data', 'builds', app), { recursive: true, force: true });
    },
    'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
    'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  },
  commands,
});
