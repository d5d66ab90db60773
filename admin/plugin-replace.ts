/**
 * A community plugin may take the name of a built-in (acl, …): community shell plugins hard-code
 * `$PLUGIN_AVAILABLE_PATH/<name>/`, so the replacement must live at available/<name>. It may do so
 * only while the built-in is disabled; PLUGIN_PATH/.replaced-builtins records the names so that
 * `berth install` leaves the replacement in place, and uninstalling it links the built-in back.
 * Nothing here touches a plugin's properties or data: the built-in finds its data again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { builtinPluginsDir, replacedBuiltins, replacedBuiltinsFile } from '../core/builtins.js';
import { errors } from '../core/errors.js';
import type { Paths } from '../core/paths.js';
import { readManifest } from '../core/manifest.js';
import { enabledNames, isEnabled } from '../core/discovery.js';
import { isBuiltin, lstatOr } from './plugin-fs.js';

function record(paths: Paths, name: string, replaced: boolean): void {
  const names = replacedBuiltins(paths);
  if (names.has(name) === replaced) return;
  if (replaced) names.add(name);
  else names.delete(name);
  writeFileAtomic(replacedBuiltinsFile(paths), [...names].sort().map((n) => `${n}\n`).join(''), 0o644);
}

/** The directory of the built-in called `name`, whether or not it is linked right now. */
export function builtinDir(name: string, dir = builtinPluginsDir()): string | undefined {
  const d = path.join(dir, name);
  return fs.existsSync(path.join(d, 'plugin.toml')) ? d : undefined;
}

/** available/<name> holds a community plugin in place of the built-in of that name. */
export function isReplacement(paths: Paths, name: string, dir = builtinPluginsDir()): boolean {
  return replacedBuiltins(paths).has(name) && lstatOr(path.join(paths.available, name)) !== undefined && !isBuiltin(paths, name, dir);
}

/**
 * Called before a community plugin is installed as available/<name> while the built-in is linked
 * there: the install may go ahead as a replacement only while the built-in is disabled; otherwise
 * the error says what to do.
 */
export function assertMayReplace(paths: Paths, name: string): void {
  if (!isEnabled(paths, name)) return;
  throw errors.conflict(
    `Plugin '${name}' is built into berth and enabled; a community plugin can take its name only while the built-in is disabled`,
    `Run 'berth plugin:disable ${name}' and install again (the built-in's data is left in place, and 'berth plugin:uninstall ${name}' brings the built-in back later), or install under another name with --name`,
  );
}

/** Records that the plugin now at available/<name> replaces the built-in. */
export function markReplaced(paths: Paths, name: string): void {
  record(paths, name, true);
}

/**
 * After the replacement was removed: available/<name> links to the built-in again. The caller
 * enables it. Returns false when there is no built-in of that name to bring back.
 */
export function restoreBuiltin(paths: Paths, name: string, dir = builtinPluginsDir()): boolean {
  const target = builtinDir(name, dir);
  if (!replacedBuiltins(paths).has(name)) return false;
  if (!target) {
    record(paths, name, false);
    return false;
  }
  const link = path.join(paths.available, name);
  if (!lstatOr(link)) {
    const tmp = path.join(paths.available, `.${name}.link-${process.pid}`);
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(target, tmp);
    fs.renameSync(tmp, link);
  }
  record(paths, name, false);
  return true;
}

/** The enabled built-in whose TS commands live in namespace `ns` (datastores answers postgres:* and redis:*). */
export function builtinOwningNamespace(paths: Paths, ns: string, dir = builtinPluginsDir()): string | undefined {
  for (const name of enabledNames(paths)) {
    if (name === ns || !isBuiltin(paths, name, dir)) continue;
    let commands: string[];
    try {
      commands = Object.keys(readManifest(path.join(paths.available, name, 'plugin.toml')).commands);
    } catch {
      continue;
    }
    if (commands.some((c) => c === ns || c.startsWith(`${ns}:`))) return name;
  }
  return undefined;
}

/**
 * TS commands are routed before shell subcommands, so while such a built-in is enabled a community
 * plugin of that namespace would install but never be reached: refuse, and say how.
 */
export function assertNamespaceFree(paths: Paths, ns: string, dir = builtinPluginsDir()): void {
  const owner = builtinOwningNamespace(paths, ns, dir);
  if (!owner) return;
  throw errors.conflict(
    `The built-in ${owner} answers the ${ns}:* commands, ahead of any plugin named '${ns}'; a community plugin can provide them only while the built-in is disabled`,
    `Run 'berth plugin:disable ${owner}' and install again (the built-in's data is left in place, and 'berth plugin:enable ${owner}' brings it back)`,
  );
}

/** Enabled community plugins whose namespace the built-in `name` answers first (warned on enable). */
export function shadowedBy(paths: Paths, name: string, dir = builtinPluginsDir()): string[] {
  if (!isBuiltin(paths, name, dir)) return [];
  return [...enabledNames(paths)].filter((ns) => ns !== name && !isBuiltin(paths, ns, dir) && builtinOwningNamespace(paths, ns, dir) === name);
}
