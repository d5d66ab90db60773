import fs from 'node:fs';
import path from 'node:path';
import { errors, type PluginContext } from '../../sdk/index.js';
import { buildImage, docker, dockerError, ensureNetwork, exec, imageExists, inspect, lastLogLines, removeNetwork } from './docker.js';
import { databaseName, exists, image, links, newPassword, password, readFile, service, writeFile, type Service } from './service.js';
import type { ServiceType } from './types.js';

const READY_TIMEOUT_MS = 180_000;

export async function createService(ctx: PluginContext, type: ServiceType, name: string | undefined, version: string | undefined): Promise<void> {
  const s = service(ctx, type, name);
  if (exists(s)) throw errors.conflict(`${type.title} service ${s.name} already exists`);
  const v = version ?? type.versions[0]!;
  if (!type.versions.includes(v)) throw errors.invalidValue(`Unsupported ${type.name} version '${v}'`, `Available: ${type.versions.join(', ')}`);
  if (await inspect(s)) throw errors.conflict(`A container named ${s.container} already exists`, `Remove it with 'docker rm -f ${s.container}'`);
  const ref = `berth/${type.name}:${v}`;
  const t0 = performance.now();
  if (!(await imageExists(ref))) await buildImage(ctx, s, ref, v);
  await ctx.triggers.notify('service-action', 'pre-create', type.name, s.name);
  ctx.log.info1(`Creating ${type.name} service ${s.name}`);
  try {
    fs.mkdirSync(path.join(s.dir, 'data'), { recursive: true });
    writeFile(s, 'IMAGE', `berth/${type.name}`);
    writeFile(s, 'IMAGE_VERSION', v);
    writeFile(s, 'DATABASE_NAME', databaseName(s.name));
    const pw = newPassword();
    if (type.name === 'redis') writeRedisConfig(s, pw);
    // PASSWORD last: its presence is what makes the service exist
    writeFile(s, 'PASSWORD', pw, 0o600);
    const t1 = performance.now();
    await ensureRunning(ctx, s);
    ctx.log.verbose(`Accepting connections after ${((performance.now() - t1) / 1000).toFixed(1)}s (${((performance.now() - t0) / 1000).toFixed(1)}s in all)`);
  } catch (err) {
    await wipe(s).catch(() => undefined);
    throw err;
  }
  ctx.log.info2(`${type.title} container created: ${s.name}`);
  await ctx.triggers.notify('service-action', 'post-create', type.name, s.name);
}

function writeRedisConfig(s: Service, pw: string): void {
  const conf = ['bind 0.0.0.0', 'port 6379', 'protected-mode no', 'dir /data', 'dbfilename dump.rdb', 'save 3600 1 300 100 60 10000', 'appendonly no', `requirepass ${pw}`, ''];
  fs.mkdirSync(path.join(s.dir, 'config'), { recursive: true, mode: 0o700 });
  writeFile(s, 'config/redis.conf', conf.join('\n'), 0o600);
}

/** Create the container from the stored files when it is missing, start it when stopped, then wait until it answers. */
export async function ensureRunning(ctx: PluginContext, s: Service): Promise<void> {
  let info = await inspect(s);
  if (!info) {
    await createContainer(s);
    info = await inspect(s);
  }
  if (!info?.State.Running) {
    ctx.log.verbose(`Starting ${s.container}`);
    await (await docker()).getContainer(s.container).start().catch((err) => {
      if ((err as { statusCode?: number }).statusCode !== 304) throw dockerError(`Unable to start ${s.container}`, err);
    });
  }
  await waitReady(ctx, s);
}

async function createContainer(s: Service): Promise<void> {
  await ensureNetwork(s);
  const ref = `${image(s)}:${readFile(s, 'IMAGE_VERSION') || s.type.versions[0]}`;
  const binds = [`${path.join(s.dir, 'data')}:${s.type.dataDir}`];
  if (s.type.name === 'redis') binds.push(`${path.join(s.dir, 'config')}:/etc/berth-redis:ro`);
  // The password reaches the server through the API's Env, never through any argv.
  const env = s.type.name === 'postgres' ? [`POSTGRES_PASSWORD=${password(s)}`, `DATABASE_NAME=${readFile(s, 'DATABASE_NAME')}`] : [];
  try {
    const c = await (await docker()).createContainer({
      name: s.container,
      Hostname: s.container.replace(/\./g, '-'),
      Image: ref,
      Env: env,
      Labels: { berth: 'service', 'berth.service': s.type.name, 'berth.service.name': s.name },
      HostConfig: { RestartPolicy: { Name: 'always' }, Binds: binds, NetworkMode: s.network },
      NetworkingConfig: { EndpointsConfig: { [s.network]: { Aliases: [s.alias] } } },
    });
    writeFile(s, 'ID', c.id);
  } catch (err) {
    throw dockerError(`Unable to create ${s.container}`, err);
  }
}

/** Poll the type's readiness command through docker exec (the server's own client, over TCP inside the container). */
export async function waitReady(ctx: PluginContext, s: Service, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const cmd = s.type.readyCommand(readFile(s, 'DATABASE_NAME'));
  const env = s.type.execEnv(password(s));
  for (;;) {
    const ok = await exec(s, cmd, { env }).then((r) => r.code === 0, () => false);
    if (ok) return;
    const state = (await inspect(s))?.State;
    if (!state || state.Status === 'exited' || state.Status === 'dead' || state.Restarting) {
      const logs = await lastLogLines(s);
      throw errors.external(`${s.container} is not running (${state?.Status ?? 'missing'})${logs ? `:\n${logs}` : ''}`);
    }
    if (Date.now() > deadline) throw errors.external(`${s.container} did not accept connections within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stopService(s: Service): Promise<void> {
  try {
    await (await docker()).getContainer(s.container).stop({ t: 30 });
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code !== 304 && code !== 404) throw dockerError(`Unable to stop ${s.container}`, err);
  }
}

export function assertUnlinked(s: Service): void {
  const linked = links(s);
  if (linked.length) throw errors.conflict('Cannot delete linked service', `${s.name} is linked to ${linked.join(', ')}; unlink it first with 'berth ${s.type.name}:unlink ${s.name} APP'`);
}

export async function destroyService(ctx: PluginContext, s: Service): Promise<void> {
  assertUnlinked(s);
  ctx.log.info1(`Deleting ${s.name}`);
  await wipe(s);
  ctx.log.info2(`${s.type.title} container deleted: ${s.name}`);
  await ctx.triggers.notify('service-action', 'post-destroy', s.type.name, s.name);
}

/**
 * Container, network and files. The data was written by the server's own user inside the
 * container, so a one-shot container of the service image (root there) empties the directory.
 */
async function wipe(s: Service): Promise<void> {
  const d = await docker();
  await d.getContainer(s.container).remove({ force: true, v: true }).catch((err) => {
    if ((err as { statusCode?: number }).statusCode !== 404) throw dockerError(`Unable to remove ${s.container}`, err);
  });
  await removeNetwork(s);
  const ref = `${image(s)}:${readFile(s, 'IMAGE_VERSION') || s.type.versions[0]}`;
  if (fs.existsSync(path.join(s.dir, 'data')) && (await imageExists(ref))) {
    const c = await d.createContainer({ Image: ref, Entrypoint: ['find', '/target', '-mindepth', '1', '-delete'], Labels: { berth: 'service-cleanup' }, HostConfig: { Binds: [`${s.dir}:/target`] } });
    try {
      await c.start();
      await c.wait();
    } finally {
      await c.remove({ force: true }).catch(() => undefined);
    }
  }
  fs.rmSync(s.dir, { recursive: true, force: true });
}
