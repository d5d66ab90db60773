import fs from 'node:fs';
import path from 'node:path';
import { errors, type BuildpackSource } from '../../sdk/index.js';

const ARCHIVE_SUFFIX = /\.(tgz|tar\.gz|tar|tar\.bz2|tbz2?|tar\.xz|txz)$/i;

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
  const name = last.replace(ARCHIVE_SUFFIX, '').replace(/\.git$/, '').replace(/[^A-Za-z0-9._-]/g, '-');
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
