import path from 'node:path';
import { errors } from './errors.js';
import { assertUrl } from './validate.js';

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
    assertUrl(url);
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
