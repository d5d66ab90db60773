import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errors, type BuildpackSource, type PluginContext } from '../../sdk/index.js';
import { assertBuildpackDir } from './sources.js';

const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', GIT_CONFIG_NOSYSTEM: '1' };
const TIMEOUT_MS = 10 * 60 * 1000;
const MAX_TARBALL = 512 * 1024 * 1024;

/** Puts the buildpack's files into `dest` (a fresh directory) and checks that it can compile. */
export async function fetchBuildpack(ctx: PluginContext, source: BuildpackSource, dest: string): Promise<void> {
  fs.mkdirSync(dest, { recursive: true });
  if (source.kind === 'dir') copyDir(source, dest);
  else if (source.kind === 'git') await cloneGit(ctx, source, dest);
  else await unpackTarball(source, dest);
  assertBuildpackDir(dest, source.url);
}

function copyDir(source: Extract<BuildpackSource, { kind: 'dir' }>, dest: string): void {
  if (!fs.statSync(source.path, { throwIfNoEntry: false })?.isDirectory()) throw errors.notFound(`Buildpack directory ${source.path} does not exist`);
  fs.cpSync(source.path, dest, { recursive: true, verbatimSymlinks: true, filter: (f) => path.basename(f) !== '.git' });
}

async function cloneGit(ctx: PluginContext, source: Extract<BuildpackSource, { kind: 'git' }>, dest: string): Promise<void> {
  const { execa } = await import('execa');
  const git = (args: string[], cwd?: string) =>
    execa('git', args, {
      cwd,
      // Only the transport the URL names (no ext::, no redirect from https to file).
      env: { ...ctx.env, ...GIT_ENV, GIT_ALLOW_PROTOCOL: source.local ? 'file' : 'http:https:git:ssh' },
      reject: false,
      timeout: TIMEOUT_MS,
      stdin: 'ignore',
      all: true,
    });
  // --branch takes branches and tags; a commit needs the full history.
  let r = await git(['clone', '--quiet', '--depth', '1', ...(source.ref ? ['--branch', source.ref] : []), '--', source.repo, dest]);
  if (r.exitCode !== 0 && source.ref && /^[0-9a-f]{7,40}$/i.test(source.ref)) {
    fs.rmSync(dest, { recursive: true, force: true });
    r = await git(['clone', '--quiet', '--', source.repo, dest]);
    if (r.exitCode === 0) r = await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', source.ref, '--'], dest);
  }
  if (r.exitCode !== 0) throw errors.external(`Unable to fetch buildpack ${source.url}: ${lastLine(r.all)}`);
  fs.rmSync(path.join(dest, '.git'), { recursive: true, force: true });
}

async function unpackTarball(source: Extract<BuildpackSource, { kind: 'tarball' }>, dest: string): Promise<void> {
  const { execa } = await import('execa');
  let file = source.location;
  const download = path.join(path.dirname(dest), `${path.basename(dest)}.download`);
  try {
    if (!source.local) {
      const res = await fetch(source.location, { redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) }).catch((err: Error) => {
        throw errors.external(`Unable to download buildpack ${source.url}: ${err.cause instanceof Error ? err.cause.message : err.message}`);
      });
      if (!res.ok || !res.body) throw errors.external(`Unable to download buildpack ${source.url}: HTTP ${res.status}`);
      if (Number(res.headers.get('content-length') ?? 0) > MAX_TARBALL) throw errors.external(`Buildpack ${source.url} is larger than ${MAX_TARBALL >> 20} MiB`);
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), fs.createWriteStream(download, { mode: 0o600 }));
      file = download;
    } else if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      throw errors.notFound(`Buildpack tarball ${file} does not exist`);
    }
    // GNU tar strips leading "/" and refuses ".." members; ownership is never taken from the archive.
    const r = await execa('tar', ['-x', '-f', file, '-C', dest, '--no-same-owner', '--no-same-permissions'], { reject: false, all: true, stdin: 'ignore' });
    if (r.exitCode !== 0) throw errors.external(`Unable to unpack buildpack ${source.url}: ${lastLine(r.all)}`);
  } finally {
    fs.rmSync(download, { force: true });
  }
  hoistSingleDirectory(dest);
}

/** GitHub-style archives hold one top directory (repo-ref/); the buildpack is inside it. */
function hoistSingleDirectory(dest: string): void {
  const entries = fs.readdirSync(dest);
  if (entries.includes('bin') || entries.length !== 1) return;
  const inner = path.join(dest, entries[0]);
  if (!fs.statSync(inner).isDirectory()) return;
  const tmp = `${dest}.hoist`;
  fs.renameSync(inner, tmp);
  fs.rmdirSync(dest);
  fs.renameSync(tmp, dest);
}

function lastLine(text: string | undefined): string {
  const lines = (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.at(-1) ?? 'unknown error';
}
