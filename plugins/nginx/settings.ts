import { errors, GLOBAL, type PluginContext } from '../../sdk/index.js';

interface Setting {
  /** Only the --global value exists (the nginx main config is one for all apps). */
  globalOnly?: boolean;
  pattern: RegExp;
  expect: string;
}

const TIME = { pattern: /^\d{1,6}(ms|s|m|h)?$/, expect: 'an nginx time such as 60s or 2m' };
const LOG = { pattern: /^(off|\/[A-Za-z0-9._/-]+)$/, expect: '"off" or an absolute file path' };

/** Values end up inside nginx config text, so each is held to a strict shape (no `;`, quotes, braces or `$`). */
export const SETTINGS: Record<string, Setting> = {
  conf: { globalOnly: true, pattern: /^\/[A-Za-z0-9._/-]+$/, expect: 'the absolute path of the nginx main config' },
  'bind-address': { pattern: /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\])$/, expect: 'an IPv4 address or a bracketed IPv6 address' },
  'client-max-body-size': { pattern: /^\d{1,9}[kKmMgG]?$/, expect: 'an nginx size such as 1m or 512k' },
  'proxy-read-timeout': TIME,
  'proxy-send-timeout': TIME,
  'proxy-connect-timeout': TIME,
  'access-log-path': LOG,
  'error-log-path': LOG,
  // Relative to the source tree; never absolute and never leaving it.
  'nginx-conf-sigil-path': { pattern: /^(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._-][A-Za-z0-9._/-]*$/, expect: 'a path inside the repository such as nginx.conf.sigil or .berth/nginx.conf.sigil' },
  'disable-custom-config': { pattern: /^(true|false)$/, expect: 'true or false' },
};

export function setSetting(ctx: PluginContext, scope: string, key: string, value: string): void {
  const s = SETTINGS[key];
  if (!s) throw errors.usage(`Invalid property specified, valid properties include: ${Object.keys(SETTINGS).join(', ')}`);
  if (s.globalOnly && scope !== GLOBAL) throw errors.usage(`Property ${key} cannot be specified on a per-app basis; use --global`);
  if (value && !s.pattern.test(value)) throw errors.invalidValue(`Invalid value '${value}' for ${key}: expected ${s.expect}`);
  ctx.props.set(scope, key, value);
}

/** App value, then global, then unset; re-checked on read because property files can be edited by hand. */
export function setting(ctx: PluginContext, app: string, key: string): string {
  const s = SETTINGS[key]!;
  const value = s.globalOnly ? ctx.props.get(GLOBAL, key) ?? '' : ctx.props.computed(app, key, '');
  if (value && !s.pattern.test(value)) throw errors.invalidValue(`The nginx property ${key} holds an invalid value '${value}': expected ${s.expect}`);
  return value;
}

export function mainConf(ctx: PluginContext): string {
  return setting(ctx, GLOBAL, 'conf');
}
