import fs from 'node:fs';
import path from 'node:path';
import { errors, validate } from '../../core/sdk.js';

/** Where a buildpack comes from: a directory on this host, a tarball (URL or file), or a git repo. */
export type BuildpackSource =
  | { kind: 'dir'; url: string; path: string }
  | { kind: 'tarball'; url: string; location: string; remote: boolean }
  | { kind: 'git'; url: string; repo: string; ref?: string };

const TARBALL = /\.(tgz|tar\.gz|tar|tar\.bz2|tbz2?|tar\.xz|txz)$/i;
const REF = /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/;
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s]+$/;
const HINT = 'Use a git URL (https://host/owner/repo.git, optionally #ref), a tarball URL or path (.tgz, .tar.gz), or an absolute directory path';

/**
 * Parses one buildpack URL as users write it in `.buildpacks`, BUILDPACK_URL or buildpacks:add.
 * Git URLs take an optional `#ref` (branch, tag or commit); nothing here ever reaches a shell.
 */
export function parseBuildpackUrl(raw: string): BuildpackSource {
  const url = raw.trim();
  try {
    validate.assertUrl(url);
  } catch {
    throw errors.invalidValue(`Invalid buildpack URL '${raw}'`, HINT);
  }
  if (url.startsWith('/')) {
    const p = path.normalize(url);
    return TARBALL.test(p) ? { kind: 'tarball', url, location: p, remote: false } : { kind: 'dir', url, path: p };
  }
  const hash = url.lastIndexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const ref = hash >= 0 ? url.slice(hash + 1) : undefined;
  if (ref !== undefined && (!REF.test(ref) || ref.split('/').includes('..') || ref.endsWith('.lock')))
    throw errors.invalidValue(`Invalid git ref '${ref}' in buildpack URL '${raw}'`, 'A ref is a branch, tag or commit name: letters, digits, ".", "_", "/" and "-"');
  let parsed: URL | undefined;
  try {
    parsed = new URL(base);
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'file:')) {
    if (TARBALL.test(parsed.pathname)) {
      if (ref !== undefined) throw errors.invalidValue(`A tarball buildpack URL cannot name a git ref: '${raw}'`);
      return parsed.protocol === 'file:'
        ? { kind: 'tarball', url, location: decodeURIComponent(parsed.pathname), remote: false }
        : { kind: 'tarball', url, location: base, remote: true };
    }
    if (!parsed.hostname && parsed.protocol !== 'file:') throw errors.invalidValue(`Invalid buildpack URL '${raw}'`, HINT);
    return { kind: 'git', url, repo: base, ...(ref ? { ref } : {}) };
  }
  if (parsed && (parsed.protocol === 'git:' || parsed.protocol === 'ssh:') && parsed.hostname) return { kind: 'git', url, repo: base, ...(ref ? { ref } : {}) };
  if (!parsed && SCP_LIKE.test(base)) return { kind: 'git', url, repo: base, ...(ref ? { ref } : {}) };
  throw errors.invalidValue(`Invalid buildpack URL '${raw}'`, HINT);
}

/** `.buildpacks`: one URL per line; blank lines and `#` comments are skipped. */
export function parseBuildpacksFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** A short, stable, file-name-safe label for messages and directory names: the repo or dir name. */
export function buildpackName(source: BuildpackSource): string {
  const where = source.kind === 'dir' ? source.path : source.kind === 'git' ? source.repo : source.location;
  const last = where.replace(/[?#].*$/, '').replace(/\/+$/, '').split(/[/:]/).pop() ?? 'buildpack';
  const name = last.replace(TARBALL, '').replace(/\.git$/, '').replace(/[^A-Za-z0-9._-]/g, '-');
  return name || 'buildpack';
}

/** A fetched buildpack must at least compile; tarballs made on other systems may lack exec bits. */
export function assertBuildpackDir(dir: string, url: string): void {
  const compile = path.join(dir, 'bin', 'compile');
  if (!fs.statSync(compile, { throwIfNoEntry: false })?.isFile())
    throw errors.notFound(`Buildpack ${url} has no bin/compile`, 'A buildpack needs bin/detect, bin/compile and optionally bin/release (Heroku buildpack API)');
  for (const script of ['detect', 'compile', 'release']) {
    const f = path.join(dir, 'bin', script);
    const st = fs.statSync(f, { throwIfNoEntry: false });
    if (st?.isFile() && (st.mode & 0o111) === 0) fs.chmodSync(f, st.mode | 0o755);
  }
}
