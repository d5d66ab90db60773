import { errors, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { aliasesFor, connect, containerLabels, inspectNetwork, runningAppContainers } from './docker.js';
import { NETWORK_KEYS, computed, computedValue, isValueKey } from './properties.js';

/** A network named in the settings but gone from Docker fails the deploy with the fix in the hint. */
async function attach(network: string, cid: string, aliases: string[], app: string): Promise<boolean> {
  if (!(await inspectNetwork(network)))
    throw errors.notFound(`Network ${network} (network settings of ${app}) does not exist`, `Create it with network:create ${network}, or change network:set ${app}`);
  return connect(network, cid, aliases);
}

/** post-container-create: app containers join the attach-post-create networks before they start. */
async function postCreate(ctx: PluginContext, kind: string, cid: string, app: string): Promise<void> {
  if (kind !== 'app') return;
  const networks = computed(ctx, app, 'attach-post-create');
  if (!networks.length) return;
  const aliases = aliasesFor(await containerLabels(cid), computedValue(ctx, app, 'tld'));
  for (const n of networks) await attach(n, cid, aliases, app);
}

/** post-deploy: the running containers of the new release join the attach-post-deploy networks. */
async function postDeploy(ctx: PluginContext, app: string): Promise<void> {
  const networks = computed(ctx, app, 'attach-post-deploy');
  if (!networks.length) return;
  for (const c of await runningAppContainers(app))
    for (const n of networks) if (await attach(n, c.Id, aliasesFor(c.Labels, computedValue(ctx, app, 'tld')), app)) ctx.log.verbose(`Attached ${c.Labels['com.dokku.dyno'] ?? c.Id.slice(0, 12)} to network ${n}`);
}

export const triggers: TypedTriggerHandlers = {
  'network-get-property': (ctx, app, key) =>
    isValueKey(key) ? computedValue(ctx, app, key) : (NETWORK_KEYS as readonly string[]).includes(key) ? computed(ctx, app, key as (typeof NETWORK_KEYS)[number]).join(' ') : '',
  'post-container-create': (ctx, kind, cid, app) => postCreate(ctx, kind, cid, app),
  'post-deploy': (ctx, app) => postDeploy(ctx, app),
  'post-delete': (ctx, app) => ctx.props.destroy(app),
  'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
};
