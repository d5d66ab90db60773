import { errors, GLOBAL, validate, type PluginContext } from '../../sdk/index.js';

export type Env = Record<string, string>;

/** The env of an app or of `--global`, one JSON map property so a change is one atomic write. */
const PROPERTY = 'env';

export function readEnv(ctx: PluginContext, scope: string): Env {
  let raw: Record<string, unknown>;
  try {
    raw = ctx.props.getMap(scope, PROPERTY) as Record<string, unknown>;
  } catch (err) {
    throw errors.invalidValue(`The stored env of ${scope} is not valid JSON: ${(err as Error).message}`, `Check or remove ${ctx.props.dir}/${scope}/${PROPERTY}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw errors.invalidValue(`The stored env of ${scope} is not a JSON object`);
  const env: Env = {};
  for (const key of Object.keys(raw).sort()) env[key] = String(raw[key] ?? '');
  return env;
}

export function writeEnv(ctx: PluginContext, scope: string, env: Env): void {
  const sorted: Env = {};
  for (const key of Object.keys(env).sort()) sorted[key] = env[key]!;
  ctx.props.setMap(scope, PROPERTY, sorted);
}

/** What a container gets: global values, overridden by the app's own. */
export function mergedEnv(ctx: PluginContext, app: string): Env {
  if (app === GLOBAL) return readEnv(ctx, GLOBAL);
  const merged = { ...readEnv(ctx, GLOBAL), ...readEnv(ctx, app) };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]!]));
}

export function envOf(ctx: PluginContext, scope: string, merged: boolean): Env {
  return merged ? mergedEnv(ctx, scope) : readEnv(ctx, scope);
}

/** Keys follow the config-key rule; values may hold anything an environment can (no NUL). */
export function checkPair(key: string, value: string): void {
  validate.assertConfigKey(key);
  if (value.includes('\0')) throw errors.invalidValue(`Invalid value for ${key}: environment values cannot contain NUL bytes`);
}
