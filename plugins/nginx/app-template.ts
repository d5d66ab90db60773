import fs from 'node:fs';
import path from 'node:path';
import { errors, processAlive, writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import type { RenderInput } from './render.js';
import { setting } from './settings.js';
import { sigilVariables, squeezeBlankLines } from './sigil-vars.js';

/**
 * An app's own nginx.conf.sigil, as Dokku takes it: core-post-extract copies it from the source tree (at
 * `nginx-conf-sigil-path`, default nginx.conf.sigil) to `app-APP/nginx.conf.sigil.PID`, or marks it
 * missing; the deploy renders that copy, and once nginx loaded the result it becomes the app's current
 * template, which later rebuilds (domains, ports, restarts) keep using.
 */
const CURRENT = 'nginx.conf.sigil';
const PLACEHOLDER_LISTENER = '127.0.0.1:5000';

const dir = (ctx: PluginContext, app: string) => path.join(ctx.paths.data, `app-${app}`);
const staged = (ctx: PluginContext, app: string) => path.join(dir(ctx, app), `${CURRENT}.${process.pid}`);

/** The template inside the source tree, or undefined; a path or link leading out of the tree is refused. */
function sourceTemplate(ctx: PluginContext, app: string, source: string): string | undefined {
  const rel = setting(ctx, app, 'nginx-conf-sigil-path') || CURRENT;
  const file = path.join(source, rel);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined;
  const real = fs.realpathSync(file);
  if (!real.startsWith(fs.realpathSync(source) + path.sep)) throw errors.invalidValue(`${rel} in the source of ${app} points outside the repository`);
  return real;
}

/** core-post-extract APP DIR: stage the source's template (or its absence) for this deploy; with `input`, check that it renders. */
export async function stageAppTemplate(ctx: PluginContext, app: string, source: string, input?: () => Promise<RenderInput>): Promise<void> {
  fs.mkdirSync(dir(ctx, app), { recursive: true });
  for (const name of fs.readdirSync(dir(ctx, app))) {
    const m = /^nginx\.conf\.sigil\.(\d+)(\.missing)?$/.exec(name);
    if (m && (Number(m[1]) === process.pid || !processAlive(Number(m[1])))) fs.rmSync(path.join(dir(ctx, app), name), { force: true });
  }
  const file = sourceTemplate(ctx, app, source);
  if (!file) return writeFileAtomic(`${staged(ctx, app)}.missing`, '', 0o644);
  writeFileAtomic(staged(ctx, app), fs.readFileSync(file), 0o644);
  if (!input || setting(ctx, app, 'disable-custom-config') === 'true') return;
  ctx.log.info1('Checking that the nginx.conf.sigil of the source renders');
  const i = await input();
  await renderAppTemplate(ctx, { ...i, listeners: i.listeners.length ? i.listeners : [PLACEHOLDER_LISTENER] }, staged(ctx, app));
}

/** The template this build uses: this deploy's staged copy, else the app's current one; none when disabled. */
export function appTemplateFile(ctx: PluginContext, app: string): string | undefined {
  if (setting(ctx, app, 'disable-custom-config') === 'true') return undefined;
  if (fs.existsSync(`${staged(ctx, app)}.missing`)) return undefined;
  for (const f of [staged(ctx, app), path.join(dir(ctx, app), CURRENT)]) if (fs.existsSync(f)) return f;
  return undefined;
}

/** After nginx loaded this deploy's config: its staged template (or its absence) becomes current. */
export function promoteAppTemplate(ctx: PluginContext, app: string): void {
  const s = staged(ctx, app);
  if (fs.existsSync(s)) fs.renameSync(s, path.join(dir(ctx, app), CURRENT));
  else if (fs.existsSync(`${s}.missing`)) {
    fs.rmSync(path.join(dir(ctx, app), CURRENT), { force: true });
    fs.rmSync(`${s}.missing`, { force: true });
  }
}

export function dropAppTemplates(ctx: PluginContext, app: string): void {
  fs.rmSync(dir(ctx, app), { recursive: true, force: true });
}

async function extras(ctx: PluginContext, i: RenderInput) {
  const portMap = (await ctx.triggers.collect('ports-get', i.app))
    .split(/\s+/)
    .filter((m) => /^https?:\d{1,5}:\d{1,5}$/.test(m));
  const processListeners: Record<string, string[]> = {};
  for (const line of await ctx.triggers.collect('ps-current-scale', i.app)) {
    const proc = line.split('=')[0]!.trim();
    if (proc && proc !== 'web' && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(proc)) processListeners[proc] = (await ctx.triggers.collect('network-get-listeners', i.app, proc)).map((l) => l.trim());
  }
  return { root: ctx.paths.root, libRoot: ctx.paths.libRoot, portMap: portMap.length ? portMap : ['http:80:5000'], processListeners };
}

/** The template rendered with Dokku's variables (by the template-render trigger, in-process). */
export async function renderAppTemplate(ctx: PluginContext, i: RenderInput, file: string): Promise<string> {
  if (!ctx.triggers.implemented('template-render')) throw errors.notFound(`Cannot render the nginx.conf.sigil of ${i.app}: no enabled plugin implements 'template-render'`, "Enable the sigil plugin: 'berth plugin:enable sigil'");
  const vars = sigilVariables(i, await extras(ctx, i));
  const text = await ctx.triggers.collect('template-render', file, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`));
  return squeezeBlankLines(text) + '\n';
}

/** The app's own template rendered, or undefined when it has none (or no running web process to route to). */
export async function appTemplate(ctx: PluginContext, i: RenderInput): Promise<string | undefined> {
  const file = appTemplateFile(ctx, i.app);
  if (!file || !i.listeners.length) return undefined;
  ctx.log.verbose(`Using the app's nginx.conf.sigil instead of the built-in config`);
  const text = await renderAppTemplate(ctx, i, file);
  if (!text.includes('nginx.conf.d')) ctx.log.warn(`The nginx.conf.sigil of ${i.app} does not include ${i.appDir}/nginx.conf.d/*.conf`);
  return text;
}

/** A renamed or cloned app keeps its current template. */
export function copyAppTemplate(ctx: PluginContext, from: string, to: string): void {
  const src = path.join(dir(ctx, from), CURRENT);
  if (!fs.existsSync(src) || fs.existsSync(path.join(dir(ctx, to), CURRENT))) return;
  writeFileAtomic(path.join(dir(ctx, to), CURRENT), fs.readFileSync(src), 0o644);
}
