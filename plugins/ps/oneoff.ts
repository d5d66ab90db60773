import type Docker from 'dockerode';
import { dockerClient, appConfigEnv, errors, type PluginContext } from '../../sdk/index.js';

const docker = dockerClient;


/**
 * The config as a script for the task's shell: values single-quoted, so nothing in them is expanded.
 * It reaches the container on stdin, never through its config, so a committed image holds no secrets.
 */
export function envScript(env: string[]): string {
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  return env
    .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const)
    .filter(([k]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    .map(([k, v]) => `export ${k}=${quote(v)}\n`)
    .join('');
}

/** Reads the env script from stdin, then runs the task (its argument) with stdin closed. */
const WRAPPER = '. /dev/stdin; exec /bin/sh -c "$1" </dev/null';

/**
 * Run COMMAND with the image's shell in a throw-away container (release task, predeploy, postdeploy),
 * streaming its output as indented lines; a non-zero exit fails with `what` and the exit code.
 * With `commitAs`, the container's filesystem changes become that image (Dokku's predeploy), with
 * the source image's config (command, entrypoint, env, labels) unchanged.
 */
export async function runTask(ctx: PluginContext, app: string, image: string, what: string, dyno: string, command: string, o: { commitAs?: string } = {}): Promise<void> {
  const d = await docker();
  let container: Docker.Container;
  try {
    container = await d.createContainer({
      Image: image,
      Cmd: ['/bin/sh', '-c', WRAPPER, dyno, command],
      OpenStdin: true,
      StdinOnce: true,
      Labels: { berth: '', 'com.dokku.app-name': app, 'com.dokku.container-type': 'release', 'com.dokku.dyno': dyno },
      HostConfig: { Init: true },
    });
  } catch (err) {
    throw errors.external(`Unable to create the ${what} container: ${(err as Error).message}`, err);
  }
  try {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as NodeJS.ReadWriteStream;
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
    stream.end(envScript([...(await appConfigEnv(ctx, app)).filter((e) => !e.startsWith('DYNO=')), `DYNO=${dyno}`]));
    const result = (await container.wait()) as { StatusCode: number };
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
    if (rest) ctx.log.verbose(rest);
    if (result.StatusCode !== 0) throw errors.external(`${what} failed (exit code ${result.StatusCode}): ${command}`);
    if (o.commitAs) await commitTask(container, image, o.commitAs, what);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

async function commitTask(container: Docker.Container, image: string, target: string, what: string): Promise<void> {
  const d = await docker();
  const config = (await d.getImage(image).inspect()).Config;
  const at = target.lastIndexOf(':');
  try {
    await container.commit({ _query: { container: container.id, repo: target.slice(0, at), tag: target.slice(at + 1), comment: what, pause: false }, _body: config });
  } catch (err) {
    throw errors.external(`Unable to commit the ${what} into ${target}: ${(err as Error).message}`, err);
  }
}
