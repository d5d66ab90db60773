import path from 'node:path';
import { errors } from '../core/errors.js';
import { assertUrl } from '../core/validate.js';

/**
 * Where a buildpack comes from: a directory on this host, a tarball (URL or file), or a git repo.
 * `local` sources read this host's filesystem, so only lists set on the host itself may name them.
 */
export type BuildpackSource =
  | { kind: 'dir'; url: string; local: true; path: string }
  | { kind: 'tarball'; url: string; local: boolean; location: string }
  | { kind: 'git'; url: string; local: boolean; repo: string; ref?: string };

const TARBALL = /\.(tgz|tar\.gz|tar|tar\.bz2|tbz2?|tar\.xz|txz)$/i;
const REF = /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/;
const SCP_LIKE = /^[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:[^\s-][^\s]*$/;
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
    return TARBALL.test(p) ? { kind: 'tarball', url, local: true, location: p } : { kind: 'dir', url, local: true, path: p };
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
        ? { kind: 'tarball', url, local: true, location: decodeURIComponent(parsed.pathname) }
        : { kind: 'tarball', url, local: false, location: base };
    }
    if (!parsed.hostname && parsed.protocol !== 'file:') throw errors.invalidValue(`Invalid buildpack URL '${raw}'`, HINT);
    return { kind: 'git', url, local: parsed.protocol === 'file:', repo: base, ...(ref ? { ref } : {}) };
  }
  const remoteGit = parsed ? (parsed.protocol === 'git:' || parsed.protocol === 'ssh:') && /^[a-z0-9]/i.test(parsed.hostname) : SCP_LIKE.test(base);
  if (remoteGit) return { kind: 'git', url, local: false, repo: base, ...(ref ? { ref } : {}) };
  throw errors.invalidValue(`Invalid buildpack URL '${raw}'`, HINT);
}
