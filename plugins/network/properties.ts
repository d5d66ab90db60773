import { GLOBAL, errors, validate, type PluginContext } from '../../sdk/index.js';

/** The keys network:set accepts: the attach-* phases take several networks, initial-network one. */
export const LIST_KEYS = ['attach-post-create', 'attach-post-deploy'] as const;
/** Single values that are not networks: the alias suffix and whether web ports bind on every interface. */
export const VALUE_KEYS = ['bind-all-interfaces', 'tld'] as const;
export const NETWORK_KEYS = [...LIST_KEYS, 'initial-network'] as const;
export const KEYS = [...NETWORK_KEYS, ...VALUE_KEYS] as const;
export type Key = (typeof KEYS)[number];
export type NetworkKey = (typeof NETWORK_KEYS)[number];
export type ValueKey = (typeof VALUE_KEYS)[number];

const DEFAULTS: Record<string, string> = { 'bind-all-interfaces': 'false' };

export const isValueKey = (key: string): key is ValueKey => (VALUE_KEYS as readonly string[]).includes(key);

/** bind-all-interfaces is true or false; tld is a DNS suffix (labels of letters, digits and "-"). */
export function checkValue(key: ValueKey, value: string): string {
  if (key === 'bind-all-interfaces' && value !== 'true' && value !== 'false')
    throw errors.invalidValue(`Invalid bind-all-interfaces '${value}': expected true or false`);
  if (key === 'tld' && !/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/i.test(value))
    throw errors.invalidValue(`Invalid tld '${value}': expected a DNS suffix such as svc.cluster.local`);
  return value;
}

/** A value key's app value, else the global one, else its default. */
export function computedValue(ctx: PluginContext, scope: string, key: ValueKey): string {
  return ctx.props.computed(scope, key, DEFAULTS[key] ?? '');
}

export function assertKey(key: string | undefined): Key {
  if (!key || !(KEYS as readonly string[]).includes(key))
    throw errors.invalidValue(`Invalid property specified${key ? ` '${key}'` : ''}, valid properties include: ${KEYS.join(', ')}`);
  return key as Key;
}

/**
 * The networks of a `network:set` value: names separated by spaces or commas, each valid, none of
 * Docker's built-in ones, no duplicates; initial-network takes exactly one.
 */
export function parseNetworks(key: NetworkKey, values: string[]): string[] {
  const names = [...new Set(values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean))];
  for (const n of names) validate.assertNetworkName(n);
  if (key === 'initial-network' && names.length > 1)
    throw errors.invalidValue(`initial-network takes a single network, got ${names.length}: ${names.join(' ')}`);
  return names;
}

/** Stored as Dokku does: one property per key, the attach-* networks space-separated. */
export function own(ctx: PluginContext, scope: string, key: Key): string[] {
  return (ctx.props.get(scope, key) ?? '').split(/\s+/).filter(Boolean);
}

/** The app's value, else the global one. */
export function computed(ctx: PluginContext, app: string, key: NetworkKey): string[] {
  return ctx.props.computed(app, key).split(/\s+/).filter(Boolean);
}

export function store(ctx: PluginContext, scope: string, key: Key, networks: string[]): void {
  ctx.props.set(scope, key, networks.join(' '));
}

export async function reportRows(ctx: PluginContext, app: string): Promise<Record<string, string>> {
  const rows: Record<string, string> = {};
  for (const key of NETWORK_KEYS) {
    rows[`network-${key}`] = own(ctx, app, key).join(' ');
    rows[`network-computed-${key}`] = computed(ctx, app, key).join(' ');
    rows[`network-global-${key}`] = own(ctx, GLOBAL, key).join(' ');
  }
  for (const key of VALUE_KEYS) {
    rows[`network-${key}`] = ctx.props.get(app, key) ?? '';
    rows[`network-computed-${key}`] = computedValue(ctx, app, key);
    rows[`network-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
  }
  rows['network-web-listeners'] = (await ctx.triggers.collect('network-get-listeners', app, 'web')).map((l) => l.trim()).filter(Boolean).join(' ');
  return Object.fromEntries(Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)));
}

/** `network:report --global`: the global values and what apps without their own get. */
export function globalRows(ctx: PluginContext): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const key of NETWORK_KEYS) {
    rows[`network-computed-${key}`] = own(ctx, GLOBAL, key).join(' ');
    rows[`network-global-${key}`] = own(ctx, GLOBAL, key).join(' ');
  }
  for (const key of VALUE_KEYS) {
    rows[`network-computed-${key}`] = computedValue(ctx, GLOBAL, key);
    rows[`network-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
  }
  return Object.fromEntries(Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)));
}
