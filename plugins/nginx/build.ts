import fs from 'node:fs';
import path from 'node:path';
import { selectedProvider, validate, type PluginContext } from '../../sdk/index.js';
import { applyFiles, confFile } from './apply.js';
import { appTemplate, promoteAppTemplate } from './app-template.js';
import { renderConfig, type Mapping, type RenderInput } from './render.js';
import { setting } from './settings.js';
import { customTemplate } from './template.js';

const LISTENER = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):\d{1,5}$/;

export function appDir(ctx: PluginContext, app: string): string {
  return path.join(ctx.paths.root, app);
}

/** nginx serves the app when it is the app's proxy and proxying is on. */
export async function servedByNginx(ctx: PluginContext, app: string): Promise<boolean> {
  return (await isNginx(ctx, app)) && (await ctx.triggers.collect('proxy-is-enabled', app)) !== 'false';
}

/** The role triggers reach nginx only for its own apps; the others (post-domains-update, `--all`) ask. */
export async function isNginx(ctx: PluginContext, app: string): Promise<boolean> {
  return (await selectedProvider(ctx, 'proxy', app)) === 'nginx';
}

async function listeners(ctx: PluginContext, app: string): Promise<string[]> {
  const lines = (await ctx.triggers.collect('network-get-listeners', app, 'web')).map((l) => l.trim());
  for (const bad of lines.filter((l) => !LISTENER.test(l))) ctx.log.warn(`Ignoring invalid upstream '${bad}' for ${app}`);
  return [...new Set(lines.filter((l) => LISTENER.test(l)))];
}

async function mappings(ctx: PluginContext, app: string): Promise<Mapping[]> {
  const text = await ctx.triggers.collect('ports-get', app);
  if (!text.trim()) return [{ scheme: 'http', host: 80 }];
  return text
    .split(/\s+/)
    .map((m) => /^(https?):(\d{1,5}):\d{1,5}$/.exec(m))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ scheme: m[1] as Mapping['scheme'], host: Number(m[2]) }));
}

function tls(dir: string): RenderInput['tls'] {
  const crt = path.join(dir, 'tls', 'server.crt');
  const key = path.join(dir, 'tls', 'server.key');
  return fs.existsSync(crt) && fs.existsSync(key) ? { crt, key } : undefined;
}

/** A plugin answering HTTP-01 (letsencrypt) names the directory; only a plain absolute path is used. */
async function acmeChallengeDir(ctx: PluginContext, app: string): Promise<string | undefined> {
  const dir = (await ctx.triggers.collect('proxy-acme-challenge-dir', app)).trim();
  if (!dir) return undefined;
  if (!/^\/[A-Za-z0-9._/+@=-]+$/.test(dir)) {
    ctx.log.warn(`Ignoring the ACME challenge directory '${dir}' for ${app}: not a plain absolute path`);
    return undefined;
  }
  return dir;
}

export async function renderInput(ctx: PluginContext, app: string): Promise<RenderInput> {
  const dir = appDir(ctx, app);
  const domains = (await ctx.triggers.collect('domains-list', app)).map((d) => d.trim()).filter((d) => validate.isValidServerName(d));
  return {
    app,
    appDir: dir,
    listeners: await listeners(ctx, app),
    mappings: await mappings(ctx, app),
    domains,
    bindAddress: setting(ctx, app, 'bind-address'),
    tls: tls(dir),
    acmeChallengeDir: await acmeChallengeDir(ctx, app),
    clientMaxBodySize: setting(ctx, app, 'client-max-body-size'),
    proxyReadTimeout: setting(ctx, app, 'proxy-read-timeout'),
    proxySendTimeout: setting(ctx, app, 'proxy-send-timeout'),
    proxyConnectTimeout: setting(ctx, app, 'proxy-connect-timeout'),
    accessLog: setting(ctx, app, 'access-log-path'),
    errorLog: setting(ctx, app, 'error-log-path'),
  };
}

/** Render, test and load the app's nginx.conf; a failed test leaves nginx and the old file as they were. */
export async function buildConfig(ctx: PluginContext, app: string): Promise<void> {
  if (!fs.existsSync(appDir(ctx, app)) || !(await servedByNginx(ctx, app))) return;
  const input = await renderInput(ctx, app);
  // As in Dokku, the app's own nginx.conf.sigil wins over a plugin-supplied template.
  const text = (await appTemplate(ctx, input)) ?? (await customTemplate(ctx, input)) ?? renderConfig(input);
  const where = input.mappings.filter((m) => m.scheme === 'http' || input.tls).map((m) => `${m.scheme}:${m.host}`);
  ctx.log.info1(`Configuring nginx for ${app} (${where.join(', ') || 'no http ports'}${input.listeners.length ? '' : ', no running web process: 502'})`);
  await applyFiles(ctx, app, { [confFile(ctx, app)]: where.length ? text : undefined });
  if (input.listeners.length) promoteAppTemplate(ctx, app);
}

/** After domains, ports, certificates or proxy settings changed: rebuild apps nginx already routes or that run. */
export async function rebuildIfRouted(ctx: PluginContext, app: string): Promise<void> {
  if (!fs.existsSync(appDir(ctx, app)) || !(await servedByNginx(ctx, app))) return;
  if (fs.existsSync(confFile(ctx, app)) || (await listeners(ctx, app)).length) await buildConfig(ctx, app);
}

/** Apps that have an nginx.conf, for `--all`. */
export function configuredApps(ctx: PluginContext): string[] {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(ctx.paths.root);
  } catch {
    return [];
  }
  return entries.filter((a) => validate.isValidAppName(a) && fs.existsSync(confFile(ctx, a))).sort();
}

export async function clearConfig(ctx: PluginContext, apps: string[]): Promise<void> {
  const files = apps.map((a) => confFile(ctx, a)).filter((f) => fs.existsSync(f));
  if (!files.length) return;
  ctx.log.info1(`Removing the nginx config of ${apps.join(', ')}`);
  await applyFiles(ctx, apps.join(', '), Object.fromEntries(files.map((f) => [f, undefined])));
}
