import { errors, GLOBAL, type PluginContext } from '../../sdk/index.js';
import { pretty } from './formats.js';
import { checkPair, readEnv, writeEnv } from './store.js';

export interface ChangeOptions {
  restart: boolean;
  /** Plugins setting secrets (a datastore URL with its password) print their own line instead. */
  silent?: boolean;
}

/** Dokku redeploys a changed app only when it was deployed and is not stopped on purpose. */
function isDeployed(ctx: PluginContext, app: string): boolean {
  const ps = ctx.readProps('ps');
  return ps.get(app, 'deployed') === 'true' && ps.get(app, 'restore') !== 'false';
}

async function afterChange(ctx: PluginContext, scope: string, action: 'set' | 'unset' | 'clear', keys: string[], o: ChangeOptions) {
  ctx.log.trace(`config ${action} ${scope}: ${keys.join(' ')}`);
  await ctx.triggers.notify('post-config-update', scope, action, ...keys);
  if (scope === GLOBAL || !o.restart || !isDeployed(ctx, scope)) return;
  ctx.log.info1(`Restarting app ${scope}`);
  await ctx.triggers.notify('release-and-deploy', scope, '', 'config-redeploy');
}

/** `KEY=VALUE` split at the first `=`; everything after it is the value, verbatim. */
export function parsePair(arg: string, encoded: boolean): [string, string] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw errors.invalidValue(`Invalid env pair '${arg.split('=')[0]}': expected KEY=VALUE`);
  const key = arg.slice(0, eq);
  const value = encoded ? decodeBase64(key, arg.slice(eq + 1)) : arg.slice(eq + 1);
  checkPair(key, value);
  return [key, value];
}

function decodeBase64(key: string, text: string): string {
  const clean = text.replace(/\s+/g, '');
  const bad = () => errors.invalidValue(`Invalid base64 value for ${key} (--encoded)`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) throw bad();
  const bytes = Buffer.from(clean, 'base64');
  const value = bytes.toString('utf8');
  if (!Buffer.from(value, 'utf8').equals(bytes)) throw errors.invalidValue(`The decoded value of ${key} is not UTF-8 text`);
  return value;
}

/** All pairs are checked before anything is written: bad input changes nothing. */
export async function setConfig(ctx: PluginContext, scope: string, pairs: [string, string][], o: ChangeOptions): Promise<void> {
  if (!pairs.length) throw errors.usage('At least one env pair must be given');
  for (const [k, v] of pairs) checkPair(k, v);
  const env = readEnv(ctx, scope);
  const changed: Record<string, string> = {};
  for (const [k, v] of pairs) {
    if (env[k] !== v) changed[k] = v;
    env[k] = v;
  }
  if (!o.silent) {
    ctx.log.info1('Setting config vars');
    for (const line of pretty(Object.fromEntries(pairs))) ctx.log.verbose(line);
  }
  const keys = Object.keys(changed);
  if (!keys.length) return;
  writeEnv(ctx, scope, env);
  await afterChange(ctx, scope, 'set', keys, o);
}

export async function unsetConfig(ctx: PluginContext, scope: string, keys: string[], o: ChangeOptions): Promise<void> {
  if (!keys.length) throw errors.usage('At least one key must be given');
  for (const k of keys) checkPair(k, '');
  const env = readEnv(ctx, scope);
  const removed = [...new Set(keys)].filter((k) => k in env);
  for (const k of keys) ctx.log.info1(`Unsetting ${k}`);
  if (!removed.length) return;
  for (const k of removed) delete env[k];
  writeEnv(ctx, scope, env);
  await afterChange(ctx, scope, 'unset', removed, o);
}

export async function clearConfig(ctx: PluginContext, scope: string, o: ChangeOptions): Promise<void> {
  const keys = Object.keys(readEnv(ctx, scope));
  ctx.log.info1('Clearing config vars');
  if (!keys.length) return;
  writeEnv(ctx, scope, {});
  await afterChange(ctx, scope, 'clear', keys, o);
}
