import path from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import { dockerClient, errors, type BerthError, type PluginContext } from '../../sdk/index.js';
import type { Service } from './service.js';

export const docker = dockerClient;

export function dockerError(action: string, err: unknown): BerthError {
  const e = err as { json?: { message?: string }; message?: string };
  return errors.external(`${action}: ${(e?.json?.message ?? e?.message ?? String(err)).trim()}`, err);
}

const status = (err: unknown) => (err as { statusCode?: number })?.statusCode;

/** The container's inspect data, or undefined when it does not exist. */
export async function inspect(s: Service): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await (await docker()).getContainer(s.container).inspect();
  } catch (err) {
    if (status(err) === 404) return undefined;
    throw dockerError(`Unable to inspect ${s.container}`, err);
  }
}

export async function imageExists(ref: string): Promise<boolean> {
  try {
    await (await docker()).getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Build berth/<type>:<version> from the Dockerfile shipped with this plugin (cached by Docker), streaming progress. */
export async function buildImage(ctx: PluginContext, s: Service, ref: string, version: string): Promise<void> {
  const d = await docker();
  const context = path.join(ctx.paths.pluginDir, 'images', s.type.name);
  ctx.log.info1(`Building ${ref} from Debian packages (first use; cached afterwards)`);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await d.buildImage({ context, src: ['Dockerfile', 'entrypoint.sh'] }, { t: ref, buildargs: { VERSION: version }, rm: true, forcerm: true });
  } catch (err) {
    throw dockerError(`Unable to build ${ref}`, err);
  }
  await new Promise<void>((resolve, reject) => {
    d.modem.followProgress(
      stream,
      (err: Error | null, out: { error?: string }[]) => {
        const failed = err?.message ?? out?.find((o) => o.error)?.error;
        if (failed) reject(errors.external(`Building ${ref} failed: ${failed.trim()}`));
        else resolve();
      },
      (event: { stream?: string }) => {
        for (const line of (event.stream ?? '').split('\n')) if (line.trim()) ctx.log.verbose(line.trimEnd());
      },
    );
  });
}

/** One user-defined bridge network per service: the service answers there under its alias. */
export async function ensureNetwork(s: Service): Promise<void> {
  const d = await docker();
  try {
    await d.getNetwork(s.network).inspect();
  } catch (err) {
    if (status(err) !== 404) throw dockerError(`Unable to inspect network ${s.network}`, err);
    await d.createNetwork({ Name: s.network, Driver: 'bridge', CheckDuplicate: true, Labels: { berth: 'service', 'berth.service': s.type.name } }).catch((e) => {
      if (status(e) !== 409) throw dockerError(`Unable to create network ${s.network}`, e);
    });
  }
}

export async function connect(s: Service, container: string, aliases: string[] = []): Promise<void> {
  await ensureNetwork(s);
  try {
    await (await docker()).getNetwork(s.network).connect({ Container: container, EndpointConfig: { Aliases: aliases } });
  } catch (err) {
    // already connected (403 on older engines, 409 on newer ones)
    if (status(err) === 403 || status(err) === 409 || /already exists/.test(String((err as Error).message))) return;
    throw dockerError(`Unable to connect ${container.slice(0, 12)} to ${s.network}`, err);
  }
}

export async function disconnect(s: Service, container: string): Promise<void> {
  try {
    await (await docker()).getNetwork(s.network).disconnect({ Container: container, Force: true });
  } catch {
    // not connected, or gone
  }
}

export async function removeNetwork(s: Service): Promise<void> {
  try {
    await (await docker()).getNetwork(s.network).remove();
  } catch (err) {
    if (status(err) !== 404) throw dockerError(`Unable to remove network ${s.network}`, err);
  }
}

/** Containers of an app (any state), by the scheduler's labels. */
export async function appContainerIds(app: string): Promise<string[]> {
  const list = await (await docker()).listContainers({ all: true, filters: { label: [`com.dokku.app-name=${app}`] } });
  return list.map((c) => c.Id);
}

export interface ExecResult {
  code: number;
  stderr: string;
}

/** docker exec with stdout streamed to `out` (or dropped); stderr collected for messages. */
export async function exec(s: Service, cmd: string[], o: { env?: string[]; out?: Writable } = {}): Promise<ExecResult> {
  const c = (await docker()).getContainer(s.container);
  const e = await c.exec({ Cmd: cmd, Env: o.env, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const stdout = o.out ?? new PassThrough().resume();
  const stderr = new PassThrough();
  const errChunks: Buffer[] = [];
  stderr.on('data', (b: Buffer) => errChunks.push(b));
  (await docker()).modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const info = await e.inspect();
  return { code: info.ExitCode ?? 1, stderr: Buffer.concat(errChunks).toString('utf8') };
}

export async function lastLogLines(s: Service, lines = 15): Promise<string> {
  try {
    const buf = (await (await docker()).getContainer(s.container).logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    let off = 0;
    const text: string[] = [];
    while (off + 8 <= buf.length) {
      const size = buf.readUInt32BE(off + 4);
      text.push(buf.subarray(off + 8, off + 8 + size).toString('utf8'));
      off += 8 + size;
    }
    return text.join('').trim();
  } catch {
    return '';
  }
}
