import fs from 'node:fs';
import path from 'node:path';
import { validate, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { confFile } from './apply.js';
import { copyAppTemplate, dropAppTemplates, stageAppTemplate } from './app-template.js';
import { appDir, buildConfig, clearConfig, configuredApps, isNginx, rebuildIfRouted, renderInput, servedByNginx } from './build.js';
import { installSystemInclude } from './install.js';
import { reload, testConfig } from './nginx-cli.js';

function app(name: string): string {
  return validate.assertAppName(name);
}

/** The app is going away: stop routing to it; a failing test only warns, the destroy goes on. */
async function forget(ctx: PluginContext, a: string): Promise<void> {
  const file = confFile(ctx, a);
  if (!fs.existsSync(file)) return;
  fs.rmSync(file, { force: true });
  const test = await testConfig(ctx);
  if (test.ok) await reload(ctx);
  else ctx.log.warn(`nginx was not reloaded after removing ${a}'s config; the config test fails:\n${test.output}`);
}

/** Settings and custom snippets travel with a renamed or cloned app. */
function copySettings(ctx: PluginContext, from: string, to: string): void {
  ctx.props.clone(from, to);
  const src = path.join(appDir(ctx, from), 'nginx.conf.d');
  const dest = path.join(appDir(ctx, to), 'nginx.conf.d');
  if (fs.existsSync(src) && !fs.existsSync(dest)) fs.cpSync(src, dest, { recursive: true });
  copyAppTemplate(ctx, from, to);
}

export const triggers: TypedTriggerHandlers = {
  install: (ctx) => installSystemInclude(ctx),
  /** The source's nginx.conf.sigil is staged for this deploy and, when nginx serves the app, checked before the build. */
  async 'core-post-extract'(ctx, name, source) {
    const a = app(name);
    await stageAppTemplate(ctx, a, source, (await servedByNginx(ctx, a)) ? () => renderInput(ctx, a) : undefined);
  },
  'proxy-build-config': (ctx, name) => buildConfig(ctx, app(name)),
  async 'proxy-clear-config'(ctx, name) {
    if (name !== '--all') return clearConfig(ctx, [app(name)]);
    const mine: string[] = [];
    for (const a of configuredApps(ctx)) if (await isNginx(ctx, a)) mine.push(a);
    await clearConfig(ctx, mine);
  },
  'proxy-enable': (ctx, name) => rebuildIfRouted(ctx, app(name)),
  'proxy-disable': (ctx, name) => clearConfig(ctx, [app(name)]),
  'post-domains-update': (ctx, name) => rebuildIfRouted(ctx, app(name)),
  'post-proxy-ports-update': (ctx, name) => rebuildIfRouted(ctx, app(name)),
  'post-certs-update': (ctx, name) => rebuildIfRouted(ctx, app(name)),
  'post-certs-remove': (ctx, name) => rebuildIfRouted(ctx, app(name)),
  async 'post-delete'(ctx, name) {
    const a = app(name);
    ctx.props.destroy(a);
    dropAppTemplates(ctx, a);
    await forget(ctx, a);
  },
  'post-app-rename-setup': (ctx, from, to) => copySettings(ctx, app(from), app(to)),
  'post-app-clone-setup': (ctx, from, to) => copySettings(ctx, app(from), app(to)),
};
