import { errors, mark, selectedProvider, type PluginContext } from '../../sdk/index.js';
import { createRelease, inspectImage, pruneReleases, repo } from './images.js';
import { runTask } from './oneoff.js';
import { syncScale } from './properties.js';
import { dropStaged, parseAppJson, parseProcfile, promoteStaged, readStaged, stageProcessTable } from './staged.js';

export async function schedulerOf(ctx: PluginContext, app: string): Promise<string> {
  return selectedProvider(ctx, 'scheduler', app);
}

/**
 * release-and-deploy APP [TAG] [SOURCE]: turn an image into the next release `berth/APP:vN` and deploy it.
 * The image is berth/APP:TAG, else the fresh build (berth/APP:latest); a config redeploy re-releases the
 * running image so that it never ships a build that was not deployed. Before any new container starts,
 * app.json's predeploy script and the Procfile `release` task run in throw-away containers; either
 * failing aborts the deploy and the old release keeps serving.
 */
export async function releaseAndDeploy(ctx: PluginContext, app: string, tag = '', source = ''): Promise<void> {
  try {
    const current = ctx.props.get(app, 'release-image');
    const from = tag ? `${repo(app)}:${tag}` : source === 'config-redeploy' && current ? current : `${repo(app)}:latest`;
    const image = await inspectImage(from);
    if (!image) throw errors.notFound(`No image ${from} to release for ${app}`, `Deploy the app first (git push or ps:rebuild)`);
    const number = Number(ctx.props.get(app, 'release-count') ?? '0') + 1;
    const releaseTag = `v${number}`;
    ctx.log.info1(`Releasing ${app}...`);
    mark('release commit starts');
    await createRelease(app, from, image, releaseTag);
    const builder = image.Config?.Labels?.['com.dokku.builder-type'] || (await ctx.triggers.collect('builder-get-property', app, 'detected')).trim() || 'dockerfile';
    await ctx.triggers.select('builder-release', builder, app, releaseTag);
    ctx.props.set(app, 'release-count', String(number));
    mark('release committed');
    stageProcessTable(ctx, app, image.Config?.Labels?.['com.berth.process-types']);
    const procfile = parseProcfile(readStaged(ctx, app, 'Procfile'));
    const appJson = parseAppJson(readStaged(ctx, app, 'app.json'));
    syncScale(ctx, app, [...procfile.keys()], appJson.formation);
    const predeploy = appJson.scripts?.dokku?.predeploy;
    if (predeploy) {
      ctx.log.info1(`Executing predeploy task from app.json: ${predeploy}`);
      const image = `${repo(app)}:${releaseTag}`;
      await runTask(ctx, app, image, 'The predeploy task', 'predeploy.1', predeploy, { commitAs: image });
    }
    const releaseCommand = procfile.get('release');
    if (releaseCommand) {
      ctx.log.info1(`Executing release task from Procfile: ${releaseCommand}`);
      await runTask(ctx, app, `${repo(app)}:${releaseTag}`, 'The release task', 'release.1', releaseCommand);
    }
    await deployRelease(ctx, app, releaseTag);
    const postdeploy = appJson.scripts?.dokku?.postdeploy;
    if (postdeploy) {
      ctx.log.info1(`Executing postdeploy task from app.json: ${postdeploy}`);
      await runTask(ctx, app, `${repo(app)}:${releaseTag}`, 'The postdeploy task', 'postdeploy.1', postdeploy);
    }
    const keep = await ctx.triggers.collect('releases-keep-images', app);
    await pruneReleases(app, number, keep).catch((err) => ctx.log.trace(`release cleanup: ${(err as Error).message}`));
  } finally {
    dropStaged(ctx, app);
  }
}

/**
 * scheduler-deploy, then core-post-deploy switches the proxy; only then are the old containers retired.
 * When core-post-deploy fails the new containers are dropped and the old ones keep serving.
 */
export async function deployRelease(ctx: PluginContext, app: string, tag: string, proc?: string): Promise<void> {
  const scheduler = await schedulerOf(ctx, app);
  ctx.log.info1(`Deploying ${app} via the ${scheduler} scheduler...`);
  await ctx.triggers.select('scheduler-deploy', scheduler, app, tag, ...(proc ? [proc] : []));
  mark('containers ready');
  ctx.log.info1('Running post-deploy');
  const post = await ctx.triggers.gate('core-post-deploy', app, '', '', tag);
  if (!post.ok) {
    await ctx.triggers.select('scheduler-rollback', scheduler, app).catch((err) => ctx.log.warn(`Rollback failed: ${(err as Error).message}`));
    throw post.error ?? errors.external(`core-post-deploy failed for ${app}; the previous containers keep serving`);
  }
  mark('proxy switched');
  promoteStaged(ctx, app);
  await ctx.triggers.select('scheduler-retire', scheduler, app);
  mark('retire handed off');
  ctx.props.set(app, 'deployed', 'true');
  ctx.props.set(app, 'restore', 'true');
  ctx.props.set(app, 'release-image', `${repo(app)}:${tag}`);
  await ctx.triggers.notify('post-deploy', app, '', '', tag);
  const urls = (await ctx.triggers.collect('domains-urls', app, 'urls')).split('\n').filter((u) => u.trim() !== '');
  mark('post-deploy done');
  ctx.log.info2('Application deployed:');
  for (const url of urls) ctx.log.verbose(url.trim());
}

/** The tag of the running release (`v3` of berth/APP:v3), or an error when the app was never deployed. */
export function currentTag(ctx: PluginContext, app: string): string {
  const image = ctx.props.get(app, 'release-image');
  if (!image) throw errors.conflict(`App ${app} has not been deployed`, 'Deploy it first with git push');
  return image.slice(image.lastIndexOf(':') + 1);
}
