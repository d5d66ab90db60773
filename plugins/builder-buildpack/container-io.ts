import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { errors, type PluginContext } from '../../sdk/index.js';

/**
 * Copies a host directory into a (created, not yet started) container: `tar -c` streams straight
 * into the archive API, no temporary file. `owner` sets the numeric uid:gid of every entry.
 */
export async function copyIn(container: Docker.Container, from: string, entries: string[], to: string, o: { owner: number; exclude?: string[] }): Promise<void> {
  const { execa } = await import('execa');
  const tar = execa(
    'tar',
    ['-c', '-C', from, `--owner=${o.owner}`, `--group=${o.owner}`, '--numeric-owner', ...(o.exclude ?? []).map((e) => `--exclude=${e}`), '--', ...entries],
    { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', buffer: { stdout: false, stderr: true }, reject: false },
  );
  const [put, done] = await Promise.allSettled([container.putArchive(tar.stdout as Readable, { path: to }), tar]);
  if (done.status === 'fulfilled' && done.value.exitCode !== 0) throw errors.external(`Unable to archive ${from}: ${String(done.value.stderr).trim()}`);
  if (put.status === 'rejected') throw errors.external(`Unable to copy ${from} into the build container: ${dockerMessage(put.reason)}`, put.reason);
}

/** A small file from a (stopped) container, or undefined when it does not exist. */
export async function readFile(container: Docker.Container, file: string): Promise<string | undefined> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await container.getArchive({ path: file })) as NodeJS.ReadableStream;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw errors.external(`Unable to read ${file} from the build container: ${dockerMessage(err)}`, err);
  }
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return firstTarFile(Buffer.concat(chunks));
}

/** The contents of the first regular file in a tar archive (pax/GNU extension headers skipped). */
export function firstTarFile(tar: Buffer): string | undefined {
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) return undefined;
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const start = off + 512;
    if (type === '0' || type === '7') return tar.subarray(start, start + size).toString('utf8');
    off = start + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

/** A tar archive holding one file, for putArchive (small generated files: no temporary directory). */
export function singleFileTar(name: string, content: string, mode = 0o644): Buffer {
  const body = Buffer.from(content, 'utf8');
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(`${mode.toString(8).padStart(7, '0')}\0`, 100, 'ascii');
  header.write('0000000\0', 108, 'ascii');
  header.write('0000000\0', 116, 'ascii');
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0' + '00', 257, 'ascii');
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header, body, pad, Buffer.alloc(1024)]);
}

/**
 * Runs the container to completion with its output shown live, Heroku style: lines that already carry
 * a `-----> `, `=====> `, ` !     ` or 7-space prefix pass unchanged, every other line is indented.
 */
export async function runStreaming(ctx: PluginContext, container: Docker.Container): Promise<number> {
  const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
  const out = new PassThrough();
  const err = new PassThrough();
  container.modem.demuxStream(stream, out, err);
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  const flushers = [relay(out, ctx.flags.quiet ? undefined : ctx.stdout), relay(err, ctx.stderr)];
  await container.start();
  const { StatusCode } = (await container.wait()) as { StatusCode: number };
  await ended;
  out.end();
  err.end();
  await Promise.all(flushers);
  return StatusCode;
}

const PREFIXED = /^(-----> |=====> | !     | {7})/;

export function indentLine(line: string): string {
  return line === '' || PREFIXED.test(line) ? line : `       ${line}`;
}

function relay(from: PassThrough, to: NodeJS.WritableStream | undefined): Promise<void> {
  return new Promise((resolve) => {
    let rest = '';
    const write = (line: string) => void to?.write(`${indentLine(line.replace(/\r$/, ''))}\n`);
    from.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      lines.forEach(write);
    });
    from.on('end', () => {
      if (rest) write(rest);
      resolve();
    });
  });
}

export function dockerMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return (e?.json?.message ?? e?.message ?? String(err)).trim();
}
