import type Docker from 'dockerode';
import { errors, type PluginContext } from '../../core/sdk.js';

let client: Docker | undefined;
async function docker(): Promise<Docker> {
  return (client ??= new (await import('dockerode')).default());
}

/** The app's config as `K=V` entries for the Docker API (never argv). */
export async function configEnv(ctx: PluginContext, app: string): Promise<string[]> {
  const raw = (await ctx.triggers.collect('config-export', app, 'false', 'true', 'json')).trim();
  if (!raw) return [];
  try {
    return Object.entries(JSON.parse(raw) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
  } catch {
    throw errors.external(`config-export returned invalid JSON for ${app}`);
  }
}

/**
 * Run COMMAND with the image's shell in a throw-away container (release task, predeploy, postdeploy),
 * streaming its output as indented lines; a non-zero exit fails with `what` and the exit code.
 */
export async function runTask(ctx: PluginContext, app: string, image: string, what: string, dyno: string, command: string): Promise<void> {
  const d = await docker();
  let container: Docker.Container;
  try {
    container = await d.createContainer({
      Image: image,
      Cmd: ['/bin/sh', '-c', command],
      Env: [...(await configEnv(ctx, app)).filter((e) => !e.startsWith('DYNO=')), `DYNO=${dyno}`],
      Labels: { berth: '', 'com.dokku.app-name': app, 'com.dokku.container-type': 'release', 'com.dokku.dyno': dyno },
      HostConfig: { Init: true },
    });
  } catch (err) {
    throw errors.external(`Unable to create the ${what} container: ${(err as Error).message}`, err);
  }
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    let rest = '';
    const print = (text: string) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) ctx.log.verbose(l.replace(/\r$/, ''));
    };
    const sink = { write: (chunk: Buffer) => (print(chunk.toString('utf8')), true) } as unknown as NodeJS.WritableStream;
    d.modem.demuxStream(stream, sink, sink);
    const ended = new Promise<void>((resolve) => stream.once('end', () => resolve()));
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
    if (rest) ctx.log.verbose(rest);
    if (result.StatusCode !== 0) throw errors.external(`${what} failed (exit code ${result.StatusCode}): ${command}`);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
