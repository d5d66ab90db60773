import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compatibilityError, enabledNames } from '../core/discovery.js';
import { BerthError, errors, messageOf } from '../core/errors.js';
import { readManifest } from '../core/manifest.js';
import type { Paths } from '../core/paths.js';
import { installPluginDependencies, linkSdk } from './plugin-deps.js';
import { isBuiltin, isDir, lstatOr, realOr, run } from './plugin-fs.js';
import { assertMayReplace, assertNamespaceFree, markReplaced } from './plugin-replace.js';
import { assertPluginName, assertUrl } from '../core/validate.js';

export type SourceKind = 'git' | 'tarball' | 'dir';

export interface InstallOptions {
  /** Directory name under available/; derived from the source when absent. */
  name?: string;
  /** Dokku's rule on top of plugn's: a leading `dokku-` is dropped from the derived name. */
  dokkuNames?: boolean;
  /** Refuse a plugin whose plugin.toml is broken (plugn installs anything). */
  strict?: boolean;
  /** The caller enables the plugin next: its dependencies must be enabled already. */
  requireDependencies?: boolean;
  builtinsDir?: string;
  /** git sources: check out this commit, tag or branch and record it in .plugin_committish (Dokku's --committish). */
  committish?: string;
  /** Install the production npm dependencies of a plugin with a package.json (the CLI does; plugn does not). */
  npmDependencies?: boolean;
  /** A disabled built-in of the same name may be replaced (the CLI); plugn refuses the name. */
  replaceBuiltin?: boolean;
}

export interface InstallResult {
  name: string;
  dir: string;
  kind: SourceKind;
  /** `exists`: a git plugin already cloned from the same URL (plugn: message, exit 0). */
  status: 'installed' | 'replaced' | 'exists';
  /** The plugin took the place of the (disabled) built-in of the same name. */
  replacesBuiltin?: boolean;
}

const ARCHIVE = /\.(tar\.gz|tgz)$/i;
const isRemote = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

function sourcePath(source: string): string {
  if (!isRemote(source)) return source;
  try {
    return new URL(source).pathname;
  } catch {
    return source;
  }
}

export function sourceKind(source: string): SourceKind {
  if (ARCHIVE.test(sourcePath(source))) return 'tarball';
  if (!isRemote(source) && isDir(source) && !fs.existsSync(path.join(source, '.git'))) return 'dir';
  return 'git';
}

/** plugn: the last path segment cut at its first `.` (`x.v1.tar.gz` → `x`); Dokku also drops `dokku-`. */
export function defaultPluginName(source: string, dokkuNames = false): string {
  const segment = sourcePath(source).replace(/[/\\]+$/, '').split(/[/\\:]/).pop() ?? '';
  const name = segment.split('.')[0];
  return dokkuNames ? name.replace(/^dokku-/, '') : name;
}

/** Installs into available/<name> without enabling it. Work happens in a dot-directory, then one rename. */
export async function install(paths: Paths, source: string, o: InstallOptions = {}): Promise<InstallResult> {
  assertUrl(source);
  const kind = sourceKind(source);
  const derived = o.name ?? defaultPluginName(source, o.dokkuNames);
  if (!derived) throw errors.usage(`Cannot derive a plugin name from '${source}'`, 'Pass the name explicitly');
  const name = assertPluginName(derived);
  if (o.committish !== undefined) assertCommittish(o.committish);
  if (o.committish !== undefined && kind !== 'git') throw errors.usage(`--committish needs a git source, not a ${kind === 'dir' ? 'directory' : kind}`);
  const dest = path.join(paths.available, name);
  if (o.replaceBuiltin) assertNamespaceFree(paths, name, o.builtinsDir);
  const exists = lstatOr(dest) !== undefined;
  const overBuiltin = exists && isBuiltin(paths, name, o.builtinsDir);
  if (overBuiltin && !o.replaceBuiltin) throw errors.conflict(`Plugin '${name}' is built into berth; install the plugin under another name`);
  if (overBuiltin) assertMayReplace(paths, name);
  if (kind === 'git' && exists && !overBuiltin) return alreadyCloned(dest, name, source);
  fs.mkdirSync(paths.available, { recursive: true });
  const work = path.join(paths.available, `.install-${name}-${process.pid}-${Date.now().toString(36)}`);
  try {
    let root = work;
    if (kind === 'git') await git(['clone', '--quiet', '--', source, work]);
    else if (kind === 'dir') fs.cpSync(source, work, { recursive: true, verbatimSymlinks: true });
    else root = await unpack(source, work);
    if (o.committish) await pin(root, o.committish);
    checkInstallable(name, root, o.strict, o.requireDependencies ? enabledNames(paths) : undefined);
    if (o.npmDependencies) {
      await installPluginDependencies(name, root);
      linkSdk(paths);
    }
    if (exists) {
      const old = `${work}.old`;
      fs.renameSync(dest, old);
      try {
        fs.renameSync(root, dest);
      } catch (err) {
        fs.renameSync(old, dest);
        throw err;
      }
      fs.rmSync(old, { recursive: true, force: true });
    } else fs.renameSync(root, dest);
    if (overBuiltin) {
      markReplaced(paths, name);
      return { name, dir: dest, kind, status: 'installed', replacesBuiltin: true };
    }
    return { name, dir: dest, kind, status: exists ? 'replaced' : 'installed' };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function alreadyCloned(dest: string, name: string, source: string): Promise<InstallResult> {
  if (!fs.existsSync(path.join(dest, '.git'))) throw errors.conflict(`${name} is already installed, but it does not seem to be a git repository`);
  const r = await run('git', ['-c', `safe.directory=${realOr(dest)}`, '-C', dest, 'config', '--get', 'remote.origin.url']);
  const url = r.stdout.trim();
  const same = url === source || (!isRemote(source) && realOr(url) === realOr(source));
  if (!same) throw errors.conflict(`Plugin '${name}' is already installed, but with a different url. To install anyway, uninstall it first.`);
  return { name, dir: dest, kind: 'git', status: 'exists' };
}

/** A plugin that declares a berth version range this berth does not satisfy is never installed. */
function checkInstallable(name: string, dir: string, strict = false, enabled?: Set<string>): void {
  let m;
  try {
    m = readManifest(path.join(dir, 'plugin.toml'));
  } catch (err) {
    if (strict) throw err;
    return;
  }
  const problem = compatibilityError(name, m, enabled ?? new Set(m.depends));
  if (problem) throw problem;
}

/** Download (http/https) or read a local .tar.gz, untar it, and lift a single top-level directory. */
async function unpack(source: string, work: string): Promise<string> {
  let archive = source.startsWith('file://') ? fileURLToPath(source) : source;
  let downloaded: string | undefined;
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source).catch((err) => {
      throw new BerthError('EXTERNAL', `Cannot download ${source}: ${messageOf(err)}`, { cause: err, exitCode: 2 });
    });
    if (!res.ok) throw new BerthError('EXTERNAL', `Cannot download ${source}: HTTP ${res.status}`, { exitCode: 2 });
    downloaded = archive = path.join(os.tmpdir(), `berth-plugin-${process.pid}-${Date.now().toString(36)}.tar.gz`);
    fs.writeFileSync(archive, Buffer.from(await res.arrayBuffer()), { mode: 0o600 });
  } else if (isRemote(source) && !source.startsWith('file://')) {
    throw errors.invalidValue(`Cannot download ${source}: only http(s) URLs and local files are supported for archives`);
  }
  try {
    fs.mkdirSync(work);
    const r = await run('tar', ['-xzf', archive, '-C', work, '--no-same-owner']);
    if (r.exitCode !== 0) throw new BerthError('EXTERNAL', `tar could not unpack ${source}: ${r.stderr.trim()}`, { exitCode: r.exitCode });
  } finally {
    if (downloaded) fs.rmSync(downloaded, { force: true });
  }
  const entries = fs.readdirSync(work);
  if (entries.length === 1 && fs.lstatSync(path.join(work, entries[0])).isDirectory()) return path.join(work, entries[0]);
  return work;
}

/** A commit, tag or branch name as git takes it: never an option, never whitespace. */
export function assertCommittish(ref: string): string {
  if (!ref || /^-|[\s\0]/.test(ref)) throw errors.invalidValue(`Invalid committish '${ref}'`, 'Give a commit, tag or branch name');
  return ref;
}

async function pin(dir: string, ref: string): Promise<void> {
  await git(['-C', dir, 'checkout', '--quiet', ref, '--']);
  fs.writeFileSync(path.join(dir, '.plugin_committish'), `${ref}\n`, { mode: 0o644 });
}

async function git(args: string[]): Promise<void> {
  const r = await run('git', args);
  if (r.exitCode !== 0) throw new BerthError('EXTERNAL', `git ${args[0]} failed: ${r.stderr.trim()}`, { exitCode: r.exitCode });
}
