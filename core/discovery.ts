import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BerthError, errors } from './errors.js';
import type { Manifest } from './manifest.js';
import { ManifestCache } from './manifest-cache.js';
import { Paths } from './paths.js';
import { berthVersion } from './version.js';

// semver loads some 50 files at every start; only a manifest with `requires` needs it.
const semver = () => createRequire(import.meta.url)('semver') as typeof import('semver');

export interface PluginRecord {
  name: string;
  /** The literal enabled/<name> (or available/<name>) path: shell handlers see it as $0's directory. */
  dir: string;
  enabled: boolean;
  manifest: Manifest;
  /** Set when the manifest is broken or the plugin is incompatible; the CLI keeps running without it. */
  error?: BerthError;
}

/** Byte order, as plugn: digits, upper case, `_`, lower case. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((n) => !n.startsWith('.')).sort(byteOrder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}

function loadRecord(cache: ManifestCache, name: string, dir: string, enabled: boolean): PluginRecord {
  return { name, dir, enabled, ...cache.load(dir) };
}

function manifestCache(paths: Paths): ManifestCache {
  return new ManifestCache(path.join(paths.pluginPath, '.manifest-cache.json'));
}

/** Enabled plugins in dispatch order, with compatibility checked against each other. */
export function discoverEnabled(paths: Paths): PluginRecord[] {
  const cache = manifestCache(paths);
  const records = listDir(paths.enabled).map((n) => loadRecord(cache, n, path.join(paths.enabled, n), true));
  cache.save();
  const names = new Set(records.map((r) => r.name));
  for (const r of records) if (!r.error) r.error = compatibilityError(r.name, r.manifest, names);
  return records;
}

/** Every installed plugin (available/), marked enabled or not, for plugin:list. */
export function discoverAvailable(paths: Paths): PluginRecord[] {
  const enabled = enabledNames(paths);
  const cache = manifestCache(paths);
  const records = listDir(paths.available).map((n) => loadRecord(cache, n, path.join(paths.available, n), enabled.has(n)));
  cache.save();
  for (const r of records) if (!r.error) r.error = compatibilityError(r.name, r.manifest, enabled);
  return records;
}

/** The one answer to "is this plugin enabled": enabled/<name> leads to a directory (a link or a real one). */
export function isEnabled(paths: Paths, name: string): boolean {
  try {
    return fs.statSync(path.join(paths.enabled, name)).isDirectory();
  } catch {
    return false;
  }
}

/** Every enabled plugin's name. */
export function enabledNames(paths: Paths): Set<string> {
  return new Set(listDir(paths.enabled).filter((n) => isEnabled(paths, n)));
}

export function compatibilityError(name: string, m: Manifest, enabled: Set<string>): BerthError | undefined {
  const version = berthVersion();
  if (m.berthRange && version !== 'dev' && !semver().satisfies(version, m.berthRange, { includePrerelease: true }))
    return errors.pluginIncompatible(name, `it requires berth ${m.berthRange}, this is berth ${version}`);
  const missing = m.depends.filter((d) => !enabled.has(d));
  if (missing.length) return errors.pluginIncompatible(name, `it depends on plugin(s) not enabled: ${missing.join(', ')}`);
  return undefined;
}
