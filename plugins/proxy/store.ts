import { errors, GLOBAL, roleDefault, type PluginContext } from '../../sdk/index.js';

/**
 * Properties: app or global `type` (default: the proxy role's), app `disabled` ("true" when proxying is off),
 * app or global `proxy-port` / `proxy-ssl-port` (the ports the proxy listens on; empty: the proxy's own default).
 */
const TYPE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function proxyType(ctx: PluginContext, app: string): string {
  return ctx.props.computed(app, 'type', roleDefault('proxy'));
}

export function isEnabled(ctx: PluginContext, app: string): boolean {
  return ctx.props.get(app, 'disabled') !== 'true';
}

export function setEnabled(ctx: PluginContext, app: string, enabled: boolean): void {
  ctx.props.set(app, 'disabled', enabled ? '' : 'true');
}

export function setType(ctx: PluginContext, scope: string, value: string): void {
  if (value && !TYPE.test(value)) throw errors.invalidValue(`Invalid proxy type '${value}': use lowercase letters, digits, "-" and "_"`);
  ctx.props.set(scope, 'type', value);
}

export function globalType(ctx: PluginContext): string {
  return ctx.props.get(GLOBAL, 'type') ?? '';
}

export const PORT_KEYS = ['proxy-port', 'proxy-ssl-port'] as const;
export const isPortKey = (k: string): k is (typeof PORT_KEYS)[number] => (PORT_KEYS as readonly string[]).includes(k);

export function setPort(ctx: PluginContext, scope: string, key: string, value: string): void {
  if (value && (!/^[1-9]\d{0,4}$/.test(value) || Number(value) > 65535)) throw errors.invalidValue(`Invalid ${key} '${value}': expected a port from 1 to 65535`);
  ctx.props.set(scope, key, value);
}

export function appRows(ctx: PluginContext, app: string): Record<string, string> {
  const rows: Record<string, string> = {
    'proxy-computed-disabled': String(!isEnabled(ctx, app)),
    'proxy-computed-type': proxyType(ctx, app),
    'proxy-disabled': ctx.props.get(app, 'disabled') ?? '',
    'proxy-enabled': String(isEnabled(ctx, app)),
    'proxy-global-type': globalType(ctx),
    'proxy-type': ctx.props.get(app, 'type') ?? '',
  };
  for (const key of PORT_KEYS) {
    rows[`proxy-${key}`] = ctx.props.get(app, key) ?? '';
    rows[`proxy-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
    rows[`proxy-computed-${key}`] = ctx.props.computed(app, key);
  }
  return rows;
}

export function globalRows(ctx: PluginContext): Record<string, string> {
  const rows: Record<string, string> = { 'proxy-computed-type': globalType(ctx) || roleDefault('proxy'), 'proxy-global-type': globalType(ctx) };
  for (const key of PORT_KEYS) {
    rows[`proxy-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
    rows[`proxy-computed-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
  }
  return rows;
}
