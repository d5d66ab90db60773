/**
 * Plugin management shared by `plugn` and the `plugin` plugin: init, list, enable, disable,
 * uninstall (install and update live in their own modules, re-exported here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { compatibilityError, enabledNames, listDir } from '../core/discovery.js';
import { BerthError, errors } from '../core/errors.js';
import { emptyManifest, readManifest, type Manifest } from '../core/manifest.js';
import type { Paths } from '../core/paths.js';
import { isBuiltin as isBuiltinAt, isDir, lstatOr, realOr } from './plugin-fs.js';
import { replacedBuiltins } from '../core/builtins.js';
import { assertPluginName } from '../core/validate.js';

export { install, defaultPluginName, sourceKind, type InstallOptions, type InstallResult } from './plugin-install.js';
export { update, type UpdateResult, type UpdateOptions } from './plugin-update.js';
export { linkSdk, installPluginDependencies, berthPackageRoot } from './plugin-deps.js';
export { isDir } from './plugin-fs.js';
export { isReplacement, restoreBuiltin, shadowedBy } from './plugin-replace.js';
export { replacedBuiltins } from '../core/builtins.js';
export { readManifest, type Manifest } from '../core/manifest.js';
export { freshEngine, withFreshEngine } from './plugin-engine.js';

export interface PluginRow {
  name: string;
  enabled: boolean;
  /** available/<name>/plugin.toml exists (plugn prints empty fields without one, `<nil>` for a missing key). */
  hasManifest: boolean;
  version?: string;
  description?: string;
  essential: boolean;
  builtin: boolean;
  /** A community plugin installed in place of the built-in of the same name. */
  replacesBuiltin: boolean;
  /** A broken manifest or an incompatible plugin: shown, never fatal. */
  error?: BerthError;
}

export interface AdminOptions {
  /** Where built-in plugins live; defaults to the compiled dist/plugins. */
  builtinsDir?: string;
}

/** plugn's `init`: repeatable, never loses content. */
export function init(paths: Paths): void {
  fs.mkdirSync(paths.pluginPath, { recursive: true });
  fs.closeSync(fs.openSync(paths.configToml, 'a'));
  fs.mkdirSync(paths.enabled, { recursive: true });
  fs.mkdirSync(paths.available, { recursive: true });
}

export function isInstalled(paths: Paths, name: string): boolean {
  return isDir(path.join(paths.available, assertPluginName(name)));
}

export { enabledNames, isEnabled as isPluginEnabled } from '../core/discovery.js';

/** Every entry of available/ in byte order, with its manifest fields and any load problem. */
export function listPlugins(paths: Paths, o: AdminOptions = {}): PluginRow[] {
  const enabled = enabledNames(paths);
  const replaced = replacedBuiltins(paths);
  return listDir(paths.available).map((name) => {
    const file = path.join(paths.available, name, 'plugin.toml');
    const builtin = isBuiltin(paths, name, o);
    const row: PluginRow = { name, enabled: enabled.has(name), hasManifest: fs.existsSync(file), essential: false, builtin, replacesBuiltin: !builtin && replaced.has(name) };
    try {
      const m = readManifest(file);
      Object.assign(row, { version: m.version, description: m.description, essential: m.essential });
      if (row.enabled) row.error = compatibilityError(name, m, enabled);
    } catch (err) {
      row.error = err as BerthError;
    }
    return row;
  });
}

/** The manifest of an installed plugin, or undefined when it is missing or broken. */
export function manifestOf(paths: Paths, name: string): Manifest | undefined {
  for (const dir of [paths.available, paths.enabled]) {
    try {
      const m = readManifest(path.join(dir, name, 'plugin.toml'));
      if (fs.existsSync(m.file)) return m;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function isBuiltin(paths: Paths, name: string, o: AdminOptions = {}): boolean {
  return isBuiltinAt(paths, name, o.builtinsDir);
}

export interface EnableOptions extends AdminOptions {
  /** Refuse a plugin whose plugin.toml is broken (the `plugin` plugin); plugn does not read manifests to enable. */
  strict?: boolean;
}

/**
 * An absolute link enabled/<name> → <PLUGIN_PATH>/available/<name>. Idempotent, never writes inside
 * available/, and refuses unknown or incompatible plugins. Returns false when it was already enabled.
 */
export function enable(paths: Paths, name: string, o: EnableOptions = {}): boolean {
  assertPluginName(name);
  const target = path.join(paths.available, name);
  if (!isDir(target)) throw errors.pluginNotFound(name);
  let m: Manifest;
  try {
    m = readManifest(path.join(target, 'plugin.toml'));
  } catch (err) {
    if (o.strict) throw err;
    m = emptyManifest(path.join(target, 'plugin.toml'));
  }
  const problem = compatibilityError(name, m, new Set([...enabledNames(paths), name]));
  if (problem) throw problem;
  fs.mkdirSync(paths.enabled, { recursive: true });
  const link = path.join(paths.enabled, name);
  const st = lstatOr(link);
  setBuiltinDisabled(paths, name, false);
  if (st && !st.isSymbolicLink()) return false;
  if (st && fs.readlinkSync(link) === target) return false;
  const tmp = path.join(paths.enabled, `.${name}.link-${process.pid}`);
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(target, tmp);
  fs.renameSync(tmp, link);
  return true;
}

/** Removes enabled/<name>; a built-in stays disabled across `berth install`. */
export function disable(paths: Paths, name: string, o: AdminOptions = {}): void {
  assertPluginName(name);
  const link = path.join(paths.enabled, name);
  const st = lstatOr(link);
  if (!st) throw errors.notFound(`Plugin '${name}' is not enabled`, `Nothing to remove at ${link}`);
  if (manifestOf(paths, name)?.essential) throw errors.pluginEssential(name);
  if (st.isDirectory()) throw errors.conflict(`${link} is a directory, not a link`, 'Move it into available/ and enable it again');
  if (isBuiltin(paths, name, o)) setBuiltinDisabled(paths, name, true);
  fs.unlinkSync(link);
}

/** Essential plugins are never removed; built-ins only by a new `berth install`, never one by one. */
export function assertRemovable(paths: Paths, name: string, o: AdminOptions = {}): void {
  if (manifestOf(paths, name)?.essential) throw errors.pluginEssential(name);
  if (isBuiltin(paths, name, o)) throw errors.denied(`Plugin '${name}' is built into berth and cannot be uninstalled; use plugin:disable ${name}`);
}

export interface UninstallOptions extends AdminOptions {
  /** The `plugin` plugin refuses built-ins; plugn removes their links like any other plugin. */
  refuseBuiltin?: boolean;
  /** Skip the checks: only to undo an install that was just made. */
  force?: boolean;
}

/**
 * Removes enabled/<name> and available/<name>. Unknown names are fine (plugn exits 0), but the name
 * must be valid so nothing outside the plugin tree can be deleted. Essential plugins are refused.
 */
export function uninstall(paths: Paths, name: string | undefined, o: UninstallOptions = {}): boolean {
  const n = assertPluginName(name);
  if (!o.force) {
    if (manifestOf(paths, n)?.essential) throw errors.pluginEssential(n);
    if (o.refuseBuiltin) assertRemovable(paths, n, o);
  }
  const existed = lstatOr(path.join(paths.available, n)) !== undefined || lstatOr(path.join(paths.enabled, n)) !== undefined;
  fs.rmSync(path.join(paths.enabled, n), { recursive: true, force: true });
  fs.rmSync(path.join(paths.available, n), { recursive: true, force: true });
  return existed;
}

/** plugin:watch: available/<name> becomes a link to the plugin's working directory. */
export function linkDevelopment(paths: Paths, name: string, dir: string): void {
  assertPluginName(name);
  const link = path.join(paths.available, name);
  if (lstatOr(link)) {
    if (realOr(link) === realOr(dir)) return;
    throw errors.conflict(`A different plugin named '${name}' is installed at ${link}`, `Uninstall it first, or give the plugin under development another name`);
  }
  fs.mkdirSync(paths.available, { recursive: true });
  fs.symlinkSync(path.resolve(dir), link);
}

/** PLUGIN_PATH/.disabled-builtins: the built-ins `berth install` must not enable again. */
export function setBuiltinDisabled(paths: Paths, name: string, disabled: boolean): void {
  const file = path.join(paths.pluginPath, '.disabled-builtins');
  const names = new Set(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  if (names.has(name) === disabled) return;
  if (disabled) names.add(name);
  else names.delete(name);
  writeFileAtomic(file, [...names].sort().map((n) => n + '\n').join(''), 0o644);
}
