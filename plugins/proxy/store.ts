import { errors, GLOBAL, roleDefault, type PluginContext } from '../../core/sdk.js';

/** Properties: app or global `type` (default: the proxy role's), app `disabled` ("true" when proxying is off). */
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
