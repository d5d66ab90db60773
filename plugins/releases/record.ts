import { createHash } from 'node:crypto';
import { dockerClient, type PluginContext } from '../../sdk/index.js';
import { keepCount, readReleases, writeReleases, type Release } from './store.js';

/** Set (in this process) by releases:rollback so that the release it causes is recorded as a rollback. */
export const ROLLBACK_ENV = 'BERTH_RELEASES_ROLLBACK_OF';

export const docker = dockerClient;

export async function imageId(ref: string): Promise<string | undefined> {
  try {
    return (await (await docker()).getImage(ref).inspect()).Id;
  } catch {
    return undefined;
  }
}

/** sha256 over the merged env with sorted keys: changes when any value changes, reveals none. */
async function configDigest(ctx: PluginContext, app: string): Promise<string> {
  const raw = (await ctx.triggers.collect('config-export', app, 'false', 'true', 'json')).trim() || '{}';
  let env: Record<string, unknown> = {};
  try {
    env = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    /* digest of the raw text then */
  }
  const canonical = JSON.stringify(Object.keys(env).sort().map((k) => [k, String(env[k])]));
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * post-deploy APP PORT IP TAG: a tag not seen before is a new release (ps:restart and ps:scale redeploy
 * the current tag and are not).
 */
export async function recordRelease(ctx: PluginContext, app: string, tag: string): Promise<void> {
  const m = /^v(\d+)$/.exec(tag);
  if (!m) return;
  const list = readReleases(ctx, app);
  if (list.some((r) => r.tag === tag)) return;
  const image = `berth/${app}:${tag}`;
  const id = (await imageId(image)) ?? '';
  const rollbackOf = process.env[ROLLBACK_ENV];
  const last = list[list.length - 1];
  // A deploy caused by a build (git push, ps:rebuild) carries its build id; anything else re-releases an image.
  const source: Release['source'] = rollbackOf ? 'rollback' : ctx.dispatch.buildId || !last ? 'push' : 'config-redeploy';
  // The git plugin sets GIT_REV before the build; the branch ref itself moves only after the push.
  const gitSha =
    source === 'push'
      ? (await ctx.triggers.collect('config-get', app, 'GIT_REV')).trim() || (await ctx.triggers.collect('git-revision', app)).trim()
      : rollbackOf
        ? (list.find((r) => r.version === Number(rollbackOf))?.gitSha ?? '')
        : (last?.gitSha ?? '');
  const release: Release = {
    version: Number(m[1]),
    tag,
    image,
    imageId: id,
    gitSha,
    configDigest: await configDigest(ctx, app),
    builder: (await ctx.triggers.collect('builder-get-property', app, 'detected')).trim(),
    actor: ctx.actor.name || ctx.actor.fingerprint || 'root',
    source,
    ...(rollbackOf ? { rollbackOf: Number(rollbackOf) } : {}),
    time: new Date().toISOString(),
  };
  writeReleases(ctx, app, [...list, release]);
}

/** releases-keep-images APP: the release tags whose images must survive pruning (the newest `keep`). */
export function keepImages(ctx: PluginContext, app: string): string[] {
  return readReleases(ctx, app)
    .slice(-keepCount(ctx, app))
    .map((r) => r.tag);
}
