import fs from 'node:fs';
import path from 'node:path';
import { listDir } from './discovery.js';
import type { Paths } from './paths.js';

/** Where the compiled built-in plugins live (dist/plugins beside dist/core). */
export function builtinPluginsDir(): string {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '../plugins');
}

/** PLUGIN_PATH/.replaced-builtins: built-ins a community plugin of the same name replaces (core/plugin-replace.ts). */
export const replacedBuiltinsFile = (paths: Paths) => path.join(paths.pluginPath, '.replaced-builtins');

export function replacedBuiltins(paths: Paths): Set<string> {
  try {
    return new Set(fs.readFileSync(replacedBuiltinsFile(paths), 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

/** Link every built-in plugin into available/ and enable it unless an admin disabled it before. */
export function linkBuiltins(paths: Paths, dir = builtinPluginsDir()): string[] {
  fs.mkdirSync(paths.available, { recursive: true });
  fs.mkdirSync(paths.enabled, { recursive: true });
  if (!fs.existsSync(paths.configToml)) fs.writeFileSync(paths.configToml, '');
  const disabledFile = path.join(paths.pluginPath, '.disabled-builtins');
  const disabled = new Set(fs.existsSync(disabledFile) ? fs.readFileSync(disabledFile, 'utf8').split('\n') : []);
  const linked: string[] = [];
  for (const name of listDir(dir)) {
    if (!fs.existsSync(path.join(dir, name, 'plugin.toml'))) continue;
    if (replacedByCommunity(paths, name)) continue;
    relink(path.join(paths.available, name), path.join(dir, name));
    if (!disabled.has(name)) relink(path.join(paths.enabled, name), path.join(paths.available, name));
    linked.push(name);
  }
  return linked;
}

/** A community plugin installed in place of this built-in (a real directory, or one recorded as such) stays. */
function replacedByCommunity(paths: Paths, name: string): boolean {
  const available = path.join(paths.available, name);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(available);
  } catch {
    return false;
  }
  return !st.isSymbolicLink() || (replacedBuiltins(paths).has(name) && fs.existsSync(available));
}

function relink(link: string, target: string): void {
  try {
    if (fs.readlinkSync(link) === target) return;
  } catch {
    // missing or not a link: replace below
  }
  const tmp = `${link}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true, recursive: true });
  fs.symlinkSync(target, tmp);
  try {
    fs.renameSync(tmp, link);
  } catch {
    fs.rmSync(link, { recursive: true, force: true });
    fs.renameSync(tmp, link);
  }
}
