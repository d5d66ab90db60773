import type Docker from 'dockerode';
import { dockerClient, errors, type PluginContext } from '../../sdk/index.js';
import { repo } from './images.js';
import { schedulerOf } from './release.js';

const docker = dockerClient;

/**
 * Release images a dead deploy tagged but never deployed: `berth/APP:vN` newer than the running
 * release. Releases are recorded at post-deploy, so no release record points at them.
 */
async function removeUndeployedReleases(ctx: PluginContext, app: string): Promise<void> {
  const current = /:v(\d+)$/.exec(ctx.props.get(app, 'release-image') ?? '');
  if (!current) return;
  let images: Docker.ImageInfo[];
  try {
    images = await (await docker()).listImages({ filters: { reference: [repo(app)] } });
  } catch (err) {
    throw errors.external(`Unable to list the images of ${app}`, err);
  }
  for (const tag of images.flatMap((i) => i.RepoTags ?? [])) {
    const m = /:v(\d+)$/.exec(tag);
    if (!tag.startsWith(`${repo(app)}:`) || !m || Number(m[1]) <= Number(current[1])) continue;
    ctx.log.verbose(`Removing image ${tag} (released by a deploy that did not finish)`);
    await (await docker()).getImage(tag).remove().catch((err) => ctx.log.warn(`Unable to remove image ${tag}: ${(err as Error).message}`));
  }
}

/** ps:retire for one app, under its deploy lock: the scheduler settles and removes containers, then the images go. */
export async function retireApp(ctx: PluginContext, app: string): Promise<void> {
  ctx.log.info1(`Retiring what dead deploys of ${app} left`);
  await ctx.triggers.select('scheduler-recover', await schedulerOf(ctx, app), app);
  await removeUndeployedReleases(ctx, app);
}
