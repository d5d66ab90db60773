import { GLOBAL, errors, validate, type PluginContext } from '../../core/sdk.js';

/** The keys network:set accepts: the attach-* phases take several networks, initial-network one. */
export const LIST_KEYS = ['attach-post-create', 'attach-post-deploy'] as const;
export const KEYS = [...LIST_KEYS, 'initial-network'] as const;
export type Key = (typeof KEYS)[number];

export function assertKey(key: string | undefined): Key {
  if (!key || !(KEYS as readonly string[]).includes(key))
    throw errors.invalidValue(`Invalid property specified${key ? ` '${key}'` : ''}, valid properties include: ${KEYS.join(', ')}`);
  return key as Key;
}

/**
 * The networks of a `network:set` value: names separated by spaces or commas, each valid, none of
 * Docker's built-in ones, no duplicates; initial-network takes exactly one.
 */
export function parseNetworks(key: Key, values: string[]): string[] {
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
export function computed(ctx: PluginContext, app: string, key: Key): string[] {
  return ctx.props.computed(app, key).split(/\s+/).filter(Boolean);
}

export function store(ctx: PluginContext, scope: string, key: Key, networks: string[]): void {
  ctx.props.set(scope, key, networks.join(' '));
}

export async function reportRows(ctx: PluginContext, app: string): Promise<Record<string, string>> {
  const rows: Record<string, string> = {};
  for (const key of KEYS) {
    rows[`network-${key}`] = own(ctx, app, key).join(' ');
    rows[`network-computed-${key}`] = computed(ctx, app, key).join(' ');
    rows[`network-global-${key}`] = own(ctx, GLOBAL, key).join(' ');
  }
  rows['network-web-listeners'] = (await ctx.triggers.collect('network-get-listeners', app, 'web')).map((l) => l.trim()).filter(Boolean).join(' ');
  return Object.fromEntries(Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)));
}
