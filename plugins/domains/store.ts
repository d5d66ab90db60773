import fs from 'node:fs';
import { errors, GLOBAL, validate, type PluginContext } from '../../core/sdk.js';

/** Properties: app and global `vhosts` (lists), app `disabled` ("true" when vhosts are off). */
const VHOSTS = 'vhosts';
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function appDomains(ctx: PluginContext, app: string): string[] {
  return ctx.props.getList(app, VHOSTS);
}

export function setAppDomains(ctx: PluginContext, app: string, domains: string[]): void {
  ctx.props.setList(app, VHOSTS, domains);
}

export function globalDomains(ctx: PluginContext): string[] {
  return ctx.props.getList(GLOBAL, VHOSTS);
}

export function setGlobalDomains(ctx: PluginContext, domains: string[]): void {
  ctx.props.setList(GLOBAL, VHOSTS, domains);
}

export function hasGlobalSetting(ctx: PluginContext): boolean {
  return ctx.props.exists(GLOBAL, VHOSTS);
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
 * `APP.<global domain>` for every global domain that can carry a subdomain (not an IP, not a wildcard),
 * unless a plugin answering `nginx-hostname APP SUBDOMAIN VHOST` names another host, as in Dokku.
 */
export async function defaultDomains(ctx: PluginContext, app: string): Promise<string[]> {
  const out: string[] = [];
  for (const vhost of globalDomains(ctx).filter((g) => !IPV4.test(g) && !g.startsWith('*') && !g.includes(':'))) {
    const subdomain = app.endsWith(`.${vhost}`) ? app.slice(0, -vhost.length - 1) : app;
    const named = (await ctx.triggers.collect('nginx-hostname', app, subdomain, vhost)).split('\n')[0]!.trim().toLowerCase();
    const domain = named || `${app}.${vhost}`;
    if (validate.isValidDomain(domain)) out.push(domain);
    else if (named) ctx.log.warn(`Ignoring nginx-hostname answer ${JSON.stringify(named)} for ${app}: not a valid domain`);
  }
  return out;
}

/** Validates every domain (lower-cased) and refuses one given twice or already in `existing`: all or nothing. */
export function checkNew(domains: string[], existing: string[], owner: string): string[] {
  if (!domains.length) throw errors.usage('Please specify at least one domain');
  const seen = new Set(existing);
  const out: string[] = [];
  for (const raw of domains) {
    const d = validate.assertDomain(raw);
    if (seen.has(d)) throw errors.conflict(`Domain ${d} is already defined for ${owner}`);
    seen.add(d);
    out.push(d);
  }
  return out;
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
