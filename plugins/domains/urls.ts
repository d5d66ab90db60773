import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginContext } from '../../sdk/index.js';
import { globalDomains, servedDomains } from './store.js';

interface Mapping {
  scheme: string;
  host: number;
}

async function mappings(ctx: PluginContext, app: string): Promise<Mapping[]> {
  const text = await ctx.triggers.collect('ports-get', app);
  return text
    .split(/\s+/)
    .map((m) => /^([a-z]+):(\d+):\d+$/.exec(m))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ scheme: m[1]!, host: Number(m[2]) }));
}

/** A certificates plugin answers `certs-exists`; without one, Dokku's tls/server.{crt,key} files decide. */
async function hasCertificate(ctx: PluginContext, app: string): Promise<boolean> {
  if (ctx.triggers.implemented('certs-exists')) return (await ctx.triggers.collect('certs-exists', app)) === 'true';
  const tls = path.join(ctx.paths.root, app, 'tls');
  return fs.existsSync(path.join(tls, 'server.crt')) && fs.existsSync(path.join(tls, 'server.key'));
}

/** Every URL of the app: each served domain (or the global domain / host name) with each proxied port. */
export async function appUrls(ctx: PluginContext, app: string): Promise<string[]> {
  if (ctx.triggers.implemented('app-urls')) {
    const custom = (await ctx.triggers.collect('app-urls', app, 'urls')).split('\n').filter((l) => l.trim() !== '');
    if (custom.length) return custom;
  }
  const scheme = (await hasCertificate(ctx, app)) ? 'https' : 'http';
  const standard = scheme === 'https' ? 443 : 80;
  const ports = [...new Set((await mappings(ctx, app)).filter((m) => m.scheme === scheme).map((m) => m.host))];
  if (!ports.length) ports.push(standard);
  const served = servedDomains(ctx, app);
  const hosts = served.length ? served : [globalDomains(ctx)[0] ?? os.hostname()];
  return hosts.flatMap((h) => ports.map((p) => `${scheme}://${h}${p === standard ? '' : `:${p}`}`));
}
