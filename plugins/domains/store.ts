import fs from 'node:fs';
import path from 'node:path';
import { errors, GLOBAL, readFileOr, validate, writeFileAtomic, type PluginContext } from '../../sdk/index.js';

/** Properties: app and global `vhosts` (lists), app `disabled` ("true" when vhosts are off). */
const VHOSTS = 'vhosts';
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function appDomains(ctx: PluginContext, app: string): string[] {
  return ctx.props.getList(app, VHOSTS);
}

export function setAppDomains(ctx: PluginContext, app: string, domains: string[]): void {
  ctx.props.setList(app, VHOSTS, domains);
}

/** Dokku's global vhost file, `$BERTH_ROOT/VHOST`: one domain a line (tools and scripts read it there). */
function globalFile(ctx: PluginContext): string {
  return path.join(ctx.paths.root, 'VHOST');
}

export function globalDomains(ctx: PluginContext): string[] {
  // platforms set up before the file existed kept the list as a property
  if (!fs.existsSync(globalFile(ctx))) return ctx.props.getList(GLOBAL, VHOSTS);
  return readFileOr(globalFile(ctx), '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

export function setGlobalDomains(ctx: PluginContext, domains: string[]): void {
  writeFileAtomic(globalFile(ctx), domains.map((d) => `${d}\n`).join(''), 0o644);
  if (ctx.props.exists(GLOBAL, VHOSTS)) ctx.props.set(GLOBAL, VHOSTS, '');
}

export function hasGlobalSetting(ctx: PluginContext): boolean {
  return fs.existsSync(globalFile(ctx)) || ctx.props.exists(GLOBAL, VHOSTS);
}

/** Some global domain can carry app subdomains (Dokku's "global vhost enabled"). */
export function globalEnabled(ctx: PluginContext): boolean {
  return globalDomains(ctx).some((g) => validate.isValidServerName(g) && g !== '_');
}

export function vhostsEnabled(ctx: PluginContext, app: string): boolean {
  return ctx.props.get(app, 'disabled') !== 'true';
}

export function setVhostsEnabled(ctx: PluginContext, app: string, enabled: boolean): void {
  ctx.props.set(app, 'disabled', enabled ? '' : 'true');
}

/** The domains the proxy serves: none while vhosts are disabled. */
export function servedDomains(ctx: PluginContext, app: string): string[] {
  return vhostsEnabled(ctx, app) ? appDomains(ctx, app) : [];
}

/**
/**
 * `APP.<global domain>` for every global domain that can carry a subdomain (not an IP, not a wildcard),
 * unless a plugin answering `nginx-hostname APP SUBDOMAIN VHOST` names another host, as in Dokku; an app
 * name that is itself a host name (has a dot) is its own domain.
 */
export async function defaultDomains(ctx: PluginContext, app: string): Promise<string[]> {
  const out = new Set<string>();
  const vhosts = globalDomains(ctx).filter((g) => !IPV4.test(g) && !g.startsWith('*') && !g.startsWith('.') && !g.includes(':') && g !== '_');
  for (const vhost of vhosts) {
    const subdomain = app.endsWith(`.${vhost}`) ? app.slice(0, -vhost.length - 1) : app;
    const named = (await ctx.triggers.collect('nginx-hostname', app, subdomain, vhost)).split('\n')[0]!.trim().toLowerCase();
    const domain = named || (app.includes('.') ? app : `${app}.${vhost}`);
    if (validate.isValidDomain(domain)) out.add(domain);
    else if (named) ctx.log.warn(`Ignoring nginx-hostname answer ${JSON.stringify(named)} for ${app}: not a valid domain`);
  }
  return [...out];
}

/** Validates every domain (lower-cased): all or nothing. Domains given twice or already in `existing` are dropped. */
export function validNew(domains: string[], existing: string[]): { added: string[]; skipped: string[] } {
  if (!domains.length) throw errors.usage('Please specify at least one domain');
  const all = domains.map((raw) => validate.assertServerName(raw));
  const seen = new Set(existing);
  const added: string[] = [];
  const skipped: string[] = [];
  for (const d of all) {
    (seen.has(d) ? skipped : added).push(d);
    seen.add(d);
  }
  return { added, skipped };
}

/** Another app already claiming a domain would make the proxy route it arbitrarily. */
export function assertUnclaimed(ctx: PluginContext, app: string, domains: string[]): void {
  let scopes: string[] = [];
  try {
    scopes = fs.readdirSync(ctx.props.dir);
  } catch {
    return;
  }
  const wanted = new Set(domains);
  for (const other of scopes) {
    if (other === GLOBAL || other === app || !validate.isValidAppName(other)) continue;
    const clash = appDomains(ctx, other).find((d) => wanted.has(d));
    if (clash) throw errors.conflict(`Domain ${clash} is already used by app ${other}`);
  }
}

/** Domains derived from a global domain follow the app's new name; others are kept as they are. */
export function renameDerived(ctx: PluginContext, domains: string[], from: string, to: string): string[] {
  const globals = globalDomains(ctx);
  return domains.map((d) => {
    const g = globals.find((x) => d === `${from}.${x}`);
    return g ? `${to}.${g}` : d;
  });
}

export function isDerived(ctx: PluginContext, domain: string, app: string): boolean {
  return globalDomains(ctx).some((g) => domain === `${app}.${g}`);
}
