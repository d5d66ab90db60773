import { errors } from '../core/errors.js';
import type { PluginContext } from '../core/types.js';

/**
 * What every builder's builder-release does around its own work, as Dokku's builders do: the legacy
 * `pre-release-<builder> APP TAG` (the caller fires it, so the trigger name stays a literal the
 * fired-by scan sees), then `pre-release-builder` and `post-release-builder BUILDER APP IMAGE`.
 * A non-zero exit of either gate, or of a legacy `pre-deploy APP TAG` handler, fails the release.
 */
export async function releaseHooks(ctx: PluginContext, builder: string, app: string, tag: string, legacy: () => Promise<void>, work?: () => Promise<void>): Promise<void> {
  const image = `berth/${app}:${tag}`;
  await legacy();
  const pre = await ctx.triggers.gate('pre-release-builder', builder, app, image);
  if (!pre.ok) throw pre.error ?? errors.external(`pre-release-builder failed for ${app} (exit ${pre.exit})`);
  await work?.();
  const post = await ctx.triggers.gate('post-release-builder', builder, app, image);
  if (!post.ok) throw post.error ?? errors.external(`post-release-builder failed for ${app} (exit ${post.exit})`);
  // Plugins older than the release triggers (smoke-test-plugin among them) still answer only
  // `pre-deploy APP TAG`; Dokku fires it right after post-release-builder, and so does berth.
  if (ctx.triggers.implemented('pre-deploy')) {
    ctx.log.warn("Deprecated: the pre-deploy trigger is implemented by a plugin; such plugins should move to pre-release-builder");
    await ctx.triggers.notify('pre-deploy', app, tag);
  }
}
