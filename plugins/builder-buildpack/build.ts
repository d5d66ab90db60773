import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { dockerClient, appConfig, dockerArgs, errors, parseBuildpackUrl, writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import { copyIn, dockerMessage, readFile, runStreaming, singleFileTar } from './container-io.js';
import { fetchBuildpack } from './fetch.js';
import { planBuildpacks, type Plan } from './plan.js';
import { formatProcesses, mergeProcesses, parseProcfile } from './procfile.js';
import { ReleaseYamlError, parseRelease, type Release } from './release-yaml.js';
import { buildpackName } from './sources.js';

export const BUILDER = 'buildpack';
export const DEFAULT_STACK = 'berth/stack:bookworm';
/** The unprivileged user (uid = gid) that compiles and runs buildpack apps, as herokuish does. */
export const APP_UID = 32767;
/** Upstream buildpacks check STACK before they download binaries; Debian bookworm runs heroku-22 builds. */
const STACK_NAME = 'heroku-22';

export const docker = dockerClient;

export const cacheVolume = (app: string) => `cache-${app}`;
const buildContainerName = (app: string) => `${app}.build`;

/**
 * builder-build buildpack APP DIR: the source and the buildpacks go into a container of the stack
 * image with the app's cache volume at /cache; the driver runs detect/compile/release; the stopped
 * container is committed as berth/APP:latest, whose /start runs the Procfile's (or the buildpack's
 * default) command of a process type.
 */
export async function buildBuildpack(ctx: PluginContext, type: string, app: string, dir: string): Promise<void> {
  if (type !== BUILDER) return;
  const started = performance.now();
  ctx.log.info1(`Building ${app} from buildpacks`);
  await ctx.triggers.notify('pre-build-buildpack', app, dir);
  const env = await appConfig(ctx, app);
  const plan = await planBuildpacks(ctx, app, dir, env);
  const stack = await stackImage(ctx, app);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-buildpack-'));
  let container: Docker.Container | undefined;
  const phase = (name: string) => ctx.log.trace(`${name} done at ${((performance.now() - started) / 1000).toFixed(2)}s`);
  try {
    await stageInputs(ctx, plan, path.join(stage, 'berth'), env);
    phase('fetching buildpacks');
    container = await createBuildContainer(ctx, app, stack);
    await copyIn(container, dir, ['.'], '/app', { owner: APP_UID, exclude: ['.git'] });
    await copyIn(container, stage, ['berth'], '/tmp', { owner: 0 });
    fs.rmSync(stage, { recursive: true, force: true }); // the env/ files are config values: gone as soon as possible
    phase('creating the build container');
    const code = await runStreaming(ctx, container);
    if (code !== 0) throw errors.external(`The buildpack build of ${app} failed (exit code ${code})`);
    phase('running the buildpacks');
    const release = await readRelease(container);
    const processes = await discoverProcesses(ctx, container, release);
    await container.putArchive(singleFileTar('processes', formatProcesses(processes)), { path: '/usr/local/lib/berth' });
    await commit(container, app, stack, processes, release);
    phase('committing the image');
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
    if (container) await container.remove({ force: true, v: false }).catch(() => undefined);
  }
  ctx.log.verbose(`Built berth/${app}:latest in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  await ctx.triggers.notify('ports-configure', app);
  await ctx.triggers.notify('ports-set-detected', app, 'http:80:5000');
  await ctx.triggers.notify('post-build-buildpack', app, dir);
}

/** berth/stack:bookworm unless `buildpacks:set-property APP stack IMAGE` says otherwise; never pulled. */
async function stackImage(ctx: PluginContext, app: string): Promise<string> {
  const named = ctx.triggers.implemented('buildpack-stack-name') ? (await ctx.triggers.collect('buildpack-stack-name', app)).trim() : '';
  const image = named || DEFAULT_STACK;
  try {
    await (await docker()).getImage(image).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404)
      throw errors.notFound(`The stack image ${image} does not exist on this host`, image === DEFAULT_STACK ? "Build it with 'berth stack:build'" : 'Build or load it locally; berth never pulls images');
    throw errors.external(`Unable to inspect the stack image ${image}: ${dockerMessage(err)}`, err);
  }
  return image;
}

/** /tmp/berth of the build container: driver, runtime scripts, buildpacks, ENV_DIR (see assets/driver.sh). */
async function stageInputs(ctx: PluginContext, plan: Plan, berth: string, env: Record<string, string>): Promise<void> {
  ctx.log.verbose(`Buildpacks from ${plan.origin}${plan.mode === 'detect' ? ' (the first that detects the app is used)' : ''}:`);
  fs.mkdirSync(berth, { mode: 0o755 });
  fs.mkdirSync(path.join(berth, 'env'), { mode: 0o700 });
  const list: string[] = [];
  for (const [i, url] of plan.urls.entries()) {
    const source = parseBuildpackUrl(url);
    if (source.local && !plan.hostPaths)
      throw errors.denied(`${url} is on this host's filesystem: ${plan.origin} may only name git or tarball URLs (an admin can set host paths with buildpacks:add on the host)`);
    const name = `${String(i + 1).padStart(2, '0')}-${buildpackName(source)}`;
    ctx.log.verbose(`  ${i + 1}. ${url}`);
    await fetchBuildpack(ctx, source, path.join(berth, 'buildpacks', name));
    list.push(`${name}\t${url.replace(/[\t\n]/g, ' ')}\n`);
  }
  for (const asset of ['driver', 'start', 'exec']) fs.copyFileSync(path.join(ctx.paths.pluginDir, 'assets', `${asset}.sh`), path.join(berth, asset));
  for (const [key, value] of Object.entries(env)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) writeFileAtomic(path.join(berth, 'env', key), value, 0o600);
  fs.writeFileSync(path.join(berth, 'buildpacks.list'), list.join(''));
  fs.writeFileSync(path.join(berth, 'mode'), plan.mode);
  fs.writeFileSync(path.join(berth, 'stack'), STACK_NAME);
  fs.writeFileSync(path.join(berth, 'source-version'), /^[0-9a-f]{7,64}$/.test(env.GIT_REV ?? '') ? env.GIT_REV : '');
}

async function createBuildContainer(ctx: PluginContext, app: string, stack: string): Promise<Docker.Container> {
  const d = await docker();
  // A build killed half-way leaves its container behind; the deploy lock means it is not running.
  await d.getContainer(buildContainerName(app)).remove({ force: true }).catch(() => undefined);
  try {
    await d.createVolume({ Name: cacheVolume(app), Labels: { 'com.dokku.app-name': app } });
    const a = await ctx.triggers.waterfall('docker-args-build', '', app, BUILDER);
    const b = await ctx.triggers.waterfall('docker-args-process-build', '', app, BUILDER);
    const extra = dockerArgs.toFragment([...dockerArgs.fromTrigger('docker-args-build', a), ...dockerArgs.fromTrigger('docker-args-process-build', b)]);
    const container = await d.createContainer(dockerArgs.mergeCreateOptions({
      name: buildContainerName(app),
      Image: stack,
      Cmd: ['/bin/bash', '/tmp/berth/driver'],
      User: '0:0',
      WorkingDir: '/app',
      // Labels of this container end up in the committed image (docker merges them): the app name only.
      Labels: { 'com.dokku.app-name': app },
      AttachStdout: true,
      AttachStderr: true,
      HostConfig: { Mounts: [{ Type: 'volume' as const, Source: cacheVolume(app), Target: '/cache' }] },
    }, extra));
    await ctx.triggers.notify('post-container-create', 'app', container.id, app, 'build');
    return container;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === undefined) throw err;
    throw errors.external(`Unable to create the build container of ${app}: ${dockerMessage(err)}`, err);
  }
}

/** Procfile entries win over the buildpack's default_process_types, type by type. */
async function discoverProcesses(ctx: PluginContext, container: Docker.Container, release: Release): Promise<Record<string, string>> {
  const procfileText = await readFile(container, '/app/Procfile');
  const procfile = parseProcfile(procfileText ?? '');
  const processes = mergeProcesses(release.defaultProcessTypes, procfile);
  ctx.log.info1('Discovering process types');
  if (procfileText !== undefined) ctx.log.verbose(`Procfile declares types -> ${Object.keys(procfile).join(', ') || '(none)'}`);
  const defaults = Object.keys(release.defaultProcessTypes);
  if (defaults.length) ctx.log.verbose(`Default types for buildpack -> ${defaults.join(', ')}`);
  if (!processes.web) ctx.log.warn('No web process type: add a Procfile with a "web:" line, or nothing will serve HTTP');
  return processes;
}

async function readRelease(container: Docker.Container): Promise<Release> {
  const text = await readFile(container, '/app/.release');
  try {
    return parseRelease(text ?? '');
  } catch (err) {
    if (err instanceof ReleaseYamlError) throw errors.external(`The buildpack's bin/release printed YAML berth cannot read: ${err.message}`);
    throw err;
  }
}

/** The stopped build container becomes berth/APP:latest; the cache volume is not part of the image. */
async function commit(container: Docker.Container, app: string, stack: string, processes: Record<string, string>, release: Release): Promise<void> {
  const base = await (await docker()).getImage(stack).inspect();
  const env = new Map((base.Config?.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e]));
  env.set('HOME', 'HOME=/app');
  for (const [k, v] of Object.entries(release.configVars)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && k !== 'PORT') env.set(k, `${k}=${v}`);
  const config = {
    // Whatever command a container of this image gets (a Procfile line, a one-off `run`) goes through
    // /exec, which loads the runtime environment the buildpacks set up (.profile.d).
    Entrypoint: ['/exec'],
    Cmd: ['/start', 'web'],
    User: `${APP_UID}:${APP_UID}`,
    WorkingDir: '/app',
    Env: [...env.values()],
    ExposedPorts: { '5000/tcp': {} },
    Labels: {
      'com.dokku.image-stage': 'build',
      'com.dokku.builder-type': BUILDER,
      'com.dokku.app-name': app,
      'com.berth.process-types': JSON.stringify(processes),
    },
  };
  try {
    await container.commit({ _query: { container: container.id, repo: `berth/${app}`, tag: 'latest', comment: 'berth buildpack build', pause: false }, _body: config });
  } catch (err) {
    throw errors.external(`Unable to commit the build of ${app}: ${dockerMessage(err)}`, err);
  }
}

