import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { dockerClient, appConfig, dockerArgs, errors, type PluginContext } from '../../sdk/index.js';
import { property } from './properties.js';

const docker = dockerClient;

/** builder-detect: a Dockerfile (or the configured dockerfile-path) in the source. */
export function detect(ctx: PluginContext, app: string, dir: string): string | undefined {
  return fs.existsSync(path.join(dir, property(ctx, app, 'dockerfile-path'))) ? 'dockerfile' : undefined;
}

/** builder-build dockerfile APP DIR: docker build with DIR as context → berth/APP:latest, output streamed. */
export async function buildDockerfile(ctx: PluginContext, type: string, app: string, dir: string): Promise<void> {
  if (type !== 'dockerfile') return;
  const dockerfile = property(ctx, app, 'dockerfile-path');
  if (!fs.existsSync(path.join(dir, dockerfile))) throw errors.notFound(`${dockerfile} not found in the source of ${app}`);
  ctx.log.info1(`Building ${app} from ${dockerfile}`);
  await ctx.triggers.notify('pre-build-dockerfile', app, dir);
  const fromConfig = property(ctx, app, 'build-args-from-config') === 'true' ? await appConfig(ctx, app) : {};
  const extra = await buildFragment(ctx, app);
  const buildargs = { ...fromConfig, ...(extra.buildargs as Record<string, string> | undefined) };
  // The build's `labels` become one LABEL step after the Dockerfile's last one (cached like the others):
  // no second build, and the tag is only set when the whole build succeeded.
  const labels = { 'com.dokku.app-name': app, 'com.dokku.builder-type': 'dockerfile', 'com.dokku.image-stage': 'build' };
  const withLabels = { ...(extra.labels as Record<string, string> | undefined), ...labels };
  await build(ctx, app, { context: dir, src: fs.readdirSync(dir) }, { ...extra, dockerfile, buildargs, labels: withLabels, t: `berth/${app}:latest` }, true);
  ctx.log.verbose(`Successfully tagged berth/${app}:latest`);
  await detectPorts(ctx, app);
  await ctx.triggers.notify('post-build-dockerfile', app, dir);
}

/** `docker-args-build APP dockerfile` and `docker-args-process-build APP dockerfile` as image-build parameters. */
async function buildFragment(ctx: PluginContext, app: string): Promise<Record<string, unknown>> {
  const a = await ctx.triggers.waterfall('docker-args-build', '', app, 'dockerfile');
  const b = await ctx.triggers.waterfall('docker-args-process-build', '', app, 'dockerfile');
  const f = dockerArgs.toFragment([...dockerArgs.fromTrigger('docker-args-build', a), ...dockerArgs.fromTrigger('docker-args-process-build', b)]);
  // labels stay an object: they are merged with the builder's own, and docker-modem encodes the query
  return { ...f.build };
}

interface BuildEvent {
  stream?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string };
}

async function build(ctx: PluginContext, app: string, context: { context: string; src: string[] }, opts: object, print: boolean): Promise<string> {
  let stream: Readable;
  try {
    stream = (await (await docker()).buildImage(context, { ...opts, rm: true, forcerm: true })) as unknown as Readable;
  } catch (err) {
    const e = err as { json?: { message?: string }; message?: string };
    throw errors.external(`Docker build of ${app} could not start: ${(e.json?.message ?? e.message ?? String(err)).trim()}`, err);
  }
  return follow(ctx, stream, print);
}

/** Streams `stream` lines indented like Dokku; a build error names the step that failed. Resolves to the image id. */
function follow(ctx: PluginContext, stream: Readable, print: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let rest = '';
    let step = '';
    let id = '';
    let failure: string | undefined;
    const handle = (line: string) => {
      if (!line.trim()) return;
      let ev: BuildEvent;
      try {
        ev = JSON.parse(line) as BuildEvent;
      } catch {
        return ctx.log.verbose(line);
      }
      if (ev.error) failure ??= ev.errorDetail?.message ?? ev.error;
      if (ev.aux?.ID) id = ev.aux.ID;
      for (const text of (ev.stream ?? '').split('\n')) {
        if (!text.trim()) continue;
        if (/^Step \d+\/\d+ : /.test(text)) step = text;
        id ||= /^Successfully built ([0-9a-f]+)/.exec(text)?.[1] ?? '';
        if (print) ctx.log.verbose(text.replace(/\s+$/, ''));
      }
    };
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      lines.forEach(handle);
    });
    stream.on('error', reject);
    stream.on('end', () => {
      handle(rest);
      if (failure) return reject(errors.external(step ? `${step}: ${failure.trim()}` : failure.trim()));
      if (!id) return reject(errors.external('The Docker build finished without an image id'));
      resolve(id);
    });
  });
}

/** EXPOSEd tcp ports become the detected port map (first one behind port 80); none → http:80:5000. */
async function detectPorts(ctx: PluginContext, app: string): Promise<void> {
  const image = await (await docker()).getImage(`berth/${app}:latest`).inspect();
  const exposed = Object.keys(image.Config?.ExposedPorts ?? {});
  const tcp = exposed.filter((p) => p.endsWith('/tcp')).map((p) => parseInt(p, 10));
  const udp = exposed.filter((p) => p.endsWith('/udp')).map((p) => parseInt(p, 10));
  const maps = tcp.length ? tcp.map((p, i) => `http:${i === 0 ? 80 : p}:${p}`) : ['http:80:5000'];
  for (const p of udp) maps.push(`udp:${p}:${p}`);
  if (exposed.length) ctx.log.verbose(`Exposed ports: ${exposed.join(' ')}`);
  await ctx.triggers.notify('ports-configure', app);
  await ctx.triggers.notify('ports-set-detected', app, ...maps);
}

