import os from 'node:os';
import { errors, validate, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { appDomains, assertUnclaimed, defaultDomains, hasGlobalSetting, isDerived, renameDerived, servedDomains, setAppDomains, setGlobalDomains, vhostsEnabled } from './store.js';
import { appUrls } from './urls.js';

function app(name: string): string {
  return validate.assertAppName(name);
}

/** Copies the vhost switch, and the domains derived from a global domain under the new name. */
function copyTo(ctx: PluginContext, from: string, to: string, keepCustom: boolean): void {
  const own = appDomains(ctx, from).filter((d) => keepCustom || isDerived(ctx, d, from));
  const merged = [...new Set([...appDomains(ctx, to), ...renameDerived(ctx, own, from, to)])];
  setAppDomains(ctx, to, merged);
  if (!vhostsEnabled(ctx, from)) ctx.props.set(to, 'disabled', 'true');
}

export const triggers: TypedTriggerHandlers = {
  install(ctx) {
    if (hasGlobalSetting(ctx)) return;
    const host = os.hostname().toLowerCase();
    if (validate.isValidDomain(host)) setGlobalDomains(ctx, [host]);
  },
  async 'post-create'(ctx, name) {
    const a = app(name);
    if (!appDomains(ctx, a).length) setAppDomains(ctx, a, await defaultDomains(ctx, a));
  },
  'post-delete': (ctx, name) => ctx.props.destroy(app(name)),
  // rename moves every domain (the old app goes away); a clone only gets its own APP.<global domain>
  'post-app-rename-setup': (ctx, from, to) => copyTo(ctx, app(from), app(to), true),
  'post-app-clone-setup': (ctx, from, to) => copyTo(ctx, app(from), app(to), false),
  /** domains-add APP DOMAIN (certs:generate, as in Dokku): the app gets the domain unless it has it already. */
  async 'domains-add'(ctx, name, domain) {
    const a = app(name);
    const d = validate.assertDomain(domain);
    const existing = appDomains(ctx, a);
    if (existing.includes(d)) return;
    assertUnclaimed(ctx, a, [d]);
    setAppDomains(ctx, a, [...existing, d]);
    ctx.log.info1(`Added ${d} to ${a}`);
    await ctx.triggers.notify('post-domains-update', a, 'add', d);
  },
  'domains-list': (ctx, name) => servedDomains(ctx, app(name)),
  'domains-vhost-enabled'(ctx, name) {
    if (!vhostsEnabled(ctx, app(name))) throw errors.conflict(`Domains are disabled for ${name}`);
  },
  async 'domains-urls'(ctx, name, type) {
    const urls = await appUrls(ctx, app(name));
    return type === 'url' ? urls.slice(0, 1) : urls;
  },
};
