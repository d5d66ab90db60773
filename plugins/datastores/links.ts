import { appConfig, errors, validate, verifyApp, type PluginContext } from '../../sdk/index.js';
import { appContainerIds, connect, disconnect } from './docker.js';
import { ensureRunning } from './lifecycle.js';
import { existing, links, listServices, service, url, writeLinks, type Service } from './service.js';
import { COLORS, TYPES, type ServiceType } from './types.js';


/** A link's value carries the password: config-set prints nothing, the link prints the key name alone. */
async function setQuietly(ctx: PluginContext, app: string, pair: string): Promise<void> {
  await ctx.triggers.notify('config-set', '--no-restart', '--silent', app, pair);
}

/** What config-set would have done without --no-restart: a config-redeploy release of a deployed, not stopped app. */
async function redeploy(ctx: PluginContext, app: string): Promise<void> {
  const ps = ctx.readProps('ps');
  if (ps.get(app, 'deployed') !== 'true' || ps.get(app, 'restore') === 'false') return;
  ctx.log.info1(`Restarting app ${app}`);
  await ctx.triggers.notify('release-and-deploy', app, '', 'config-redeploy');
}

/** DATABASE_URL / REDIS_URL, else the first free DOKKU_<TYPE>_<COLOR>_URL; an explicit alias must be free. */
export function pickKey(type: ServiceType, env: Record<string, string>, alias: string | undefined): string {
  if (alias !== undefined) {
    const a = alias.toUpperCase().replace(/-/g, '_').replace(/_URL$/, '');
    const key = validate.assertConfigKey(`${a}_URL`);
    if (key in env) throw errors.conflict(`The config var ${key} is already set`, 'Choose another --alias');
    return key;
  }
  const first = `${type.defaultAlias}_URL`;
  if (!(first in env)) return first;
  for (const color of COLORS) {
    const key = `DOKKU_${type.name.toUpperCase()}_${color}_URL`;
    if (!(key in env)) return key;
  }
  throw errors.conflict(`No free config var left for another ${type.name} link`, 'Use --alias');
}

export async function linkService(ctx: PluginContext, type: ServiceType, name: string | undefined, appName: string | undefined, o: { alias?: string; restart: boolean }) {
  const s = existing(ctx, type, name);
  const app = await verifyApp(ctx, appName);
  const env = await appConfig(ctx, app, { merged: false });
  const dsn = url(s);
  const taken = Object.keys(env).find((k) => env[k] === dsn);
  if (taken || links(s).includes(app)) throw errors.conflict(`Already linked as ${taken ?? 'a link of ' + app}`);
  const key = pickKey(type, env, o.alias);
  await ctx.triggers.notify('service-action', 'pre-link', type.name, s.name, app);
  writeLinks(s, [...links(s), app]);
  // running containers join now; containers created later join in post-container-create
  for (const id of await appContainerIds(app)) await connect(s, id);
  ctx.log.info1(`Linking ${s.name} to ${app}: setting ${key}`);
  await setQuietly(ctx, app, `${key}=${dsn}`);
  if (o.restart) await redeploy(ctx, app);
  else ctx.log.verbose('Skipping restart of linked app');
  await ctx.triggers.notify('service-action', 'post-link', type.name, s.name, app);
}

export async function unlinkService(ctx: PluginContext, type: ServiceType, name: string | undefined, appName: string | undefined, o: { restart: boolean }) {
  const s = existing(ctx, type, name);
  const app = await verifyApp(ctx, appName);
  if (!links(s).includes(app)) throw errors.notFound(`Not linked to app ${app}`);
  const dsn = url(s);
  const keys = Object.entries(await appConfig(ctx, app, { merged: false })).filter(([, v]) => v.includes(dsn)).map(([k]) => k);
  ctx.log.info1(`Unlinking ${s.name} from ${app}`);
  writeLinks(s, links(s).filter((a) => a !== app));
  if (keys.length) await ctx.triggers.notify('config-unset', ...(o.restart ? [] : ['--no-restart']), app, ...keys);
  for (const id of await appContainerIds(app)) await disconnect(s, id);
  await ctx.triggers.notify('service-action', 'post-unlink', type.name, s.name, app);
}

/** Every service (of any type) linked to APP. */
export function servicesOf(ctx: PluginContext, app: string): Service[] {
  return TYPES.flatMap((t) => listServices(ctx, t).map((n) => service(ctx, t, n))).filter((s) => links(s).includes(app));
}

/** post-container-create: a new app container joins the network of each service linked to its app. */
export async function joinLinkedNetworks(ctx: PluginContext, kind: string, cid: string, app: string): Promise<void> {
  if (kind !== 'app') return;
  for (const s of servicesOf(ctx, app)) await connect(s, cid);
}

/** pre-start / pre-restore: linked services that were stopped come back before the app. */
export async function startLinked(ctx: PluginContext, app: string): Promise<void> {
  for (const s of servicesOf(ctx, app)) await ensureRunning(ctx, s);
}

/** post-delete (apps:destroy, and the old name of apps:rename): the app leaves every links list. */
export function dropApp(ctx: PluginContext, app: string): void {
  for (const s of servicesOf(ctx, app)) {
    ctx.log.verbose(`Unlinking from ${s.type.name} service ${s.name}`);
    writeLinks(s, links(s).filter((a) => a !== app));
  }
}

/**
 * post-app-rename-setup / post-app-clone-setup: NEW joins the links of OLD's services, as Dokku's
 * datastores do (the copied config already holds the URL, so a clone is linked like its source).
 * A rename then drops OLD in post-delete when the old app is destroyed.
 */
export function copyLinks(ctx: PluginContext, from: string, to: string): void {
  for (const s of servicesOf(ctx, from)) writeLinks(s, [...links(s), to]);
}
