import type Docker from 'dockerode';
import { dockerClient, errors, type BerthError } from '../../sdk/index.js';

export const docker = dockerClient;

export const label = {
  app: 'com.dokku.app-name',
  proc: 'com.dokku.process-type',
  dyno: 'com.dokku.dyno',
  type: 'com.dokku.container-type',
} as const;

export function imageName(app: string, tag: string): string {
  return `berth/${app}:${tag}`;
}

/** Deploy containers of an app (running or not), optionally of one process type. */
export async function appContainers(app: string, proc?: string): Promise<Docker.ContainerInfo[]> {
  const filters = [`${label.app}=${app}`, `${label.type}=deploy`];
  if (proc) filters.push(`${label.proc}=${proc}`);
  try {
    return await (await docker()).listContainers({ all: true, filters: { label: filters } });
  } catch (err) {
    throw dockerError(`Unable to list the containers of ${app}`, err);
  }
}

export function nameOf(c: Docker.ContainerInfo): string {
  return (c.Names[0] ?? '').replace(/^\//, '');
}

/** Docker's own message (the API's JSON `message`) rather than the modem's HTTP wrapper text. */
export function dockerError(action: string, err: unknown): BerthError {
  const e = err as { json?: { message?: string }; message?: string; statusCode?: number };
  const detail = e?.json?.message ?? e?.message ?? String(err);
  return errors.external(`${action}: ${detail.trim()}`, err);
}

export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}

/** Remove a container whatever its state; a container already gone is fine. */
export async function removeContainer(id: string): Promise<void> {
  try {
    await (await docker()).getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    if (!isNotFound(err) && (err as { statusCode?: number }).statusCode !== 409) throw dockerError(`Unable to remove container ${id.slice(0, 12)}`, err);
  }
}

/** Graceful stop (SIGTERM, then SIGKILL after `seconds`), then optionally remove. */
export async function stopContainer(id: string, seconds: number, remove: boolean): Promise<void> {
  const c = (await docker()).getContainer(id);
  try {
    await c.stop({ t: seconds });
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code !== 304 && code !== 404) throw dockerError(`Unable to stop container ${id.slice(0, 12)}`, err);
  }
  if (remove) await removeContainer(id);
}

/** The last lines a container printed, for error messages. */
export async function lastLogLines(id: string, lines = 15): Promise<string[]> {
  try {
    const buf = (await (await docker()).getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    const text: string[] = [];
    for (const frame of demux(buf)) text.push(frame.data.toString('utf8'));
    return text.join('').split('\n').filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}

/** Docker's multiplexed log format: 8-byte headers (stream, 0, 0, 0, uint32 size) before each frame. */
export function* demux(buf: Buffer): Generator<{ stream: 'stdout' | 'stderr'; data: Buffer }> {
  let off = 0;
  while (off + 8 <= buf.length) {
    const size = buf.readUInt32BE(off + 4);
    const kind = buf[off];
    yield { stream: kind === 2 ? 'stderr' : 'stdout', data: buf.subarray(off + 8, off + 8 + size) };
    off += 8 + size;
  }
}
