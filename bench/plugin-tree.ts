import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import toml from 'toml';

export type HandlerKind = 'shell-exit' | 'shell-echo' | 'ts';

export interface PluginTree {
  dir: string;
  pluginPath: string;
  root: string;
  libRoot: string;
  /** The environment a CLI run against this tree needs. */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

const SHELL_BODY: Record<Exclude<HandlerKind, 'ts'>, string> = {
  'shell-exit': '#!/bin/sh\nexit 0\n',
  'shell-echo': '#!/bin/sh\necho x\n',
};

/** An empty platform in a temp dir: roots, PLUGIN_PATH with available/ and enabled/, an empty config.toml. */
export function emptyTree(prefix = 'berth-bench-'): PluginTree {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const root = path.join(dir, 'home');
  const libRoot = path.join(dir, 'lib');
  const pluginPath = path.join(libRoot, 'plugins');
  for (const d of [root, path.join(pluginPath, 'available'), path.join(pluginPath, 'enabled')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(pluginPath, 'config.toml'), '');
  // BERTH_NO_DROP: root's berth never re-runs itself as the platform user here (whose home is not this temp root anyway).
  const env = { ...process.env, BERTH_ROOT: root, BERTH_LIB_ROOT: libRoot, PLUGIN_PATH: pluginPath, NAME: '', FINGERPRINT: '', BERTH_NO_DROP: '1' };
  return { dir, pluginPath, root, libRoot, env, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `count` enabled plugins (bench-001…), each answering `trigger` with one handler of the given kind. */
export function pluginTree(count: number, kind: HandlerKind, trigger: string): PluginTree {
  const tree = emptyTree();
  for (let i = 1; i <= count; i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    const dir = path.join(tree.pluginPath, 'available', name);
    fs.mkdirSync(dir);
    const berth = kind === 'ts' ? `\n[berth]\nmodule = "index.js"\ntriggers = ["${trigger}"]\n` : '';
    fs.writeFileSync(path.join(dir, 'plugin.toml'), `[plugin]\nname = "${name}"\ndescription = "benchmark plugin"\nversion = "0.0.1"\n[plugin.config]\n${berth}`);
    if (kind === 'ts') fs.writeFileSync(path.join(dir, 'index.js'), `export default { triggers: { ${JSON.stringify(trigger)}: () => "x" } };\n`);
    else fs.writeFileSync(path.join(dir, trigger), SHELL_BODY[kind], { mode: 0o755 });
    fs.symlinkSync(dir, path.join(tree.pluginPath, 'enabled', name));
  }
  return tree;
}

/** Link a compiled built-in plugin (dist/plugins/<name>) into a tree and enable it; false when it does not exist. */
export function linkBuiltin(tree: PluginTree, name: string): boolean {
  const src = path.join(distDir(), 'plugins', name);
  if (!fs.existsSync(path.join(src, 'plugin.toml'))) return false;
  fs.symlinkSync(src, path.join(tree.pluginPath, 'available', name));
  fs.symlinkSync(path.join(tree.pluginPath, 'available', name), path.join(tree.pluginPath, 'enabled', name));
  return true;
}

/** Every compiled built-in plugin, as `berth install` would enable them. */
export function linkAllBuiltins(tree: PluginTree): string[] {
  return fs.readdirSync(path.join(distDir(), 'plugins')).filter((name) => linkBuiltin(tree, name));
}

/** dist/ of this checkout (this file runs as dist/bench/plugin-tree.js). */
export function distDir(): string {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
}

export function repoDir(): string {
  return path.resolve(distDir(), '..');
}

/** Whether a built-in plugin declares a command in its plugin.toml [commands]. */
export function builtinHasCommand(plugin: string, command: string): boolean {
  try {
    const doc = toml.parse(fs.readFileSync(path.join(distDir(), 'plugins', plugin, 'plugin.toml'), 'utf8')) as { commands?: Record<string, unknown> };
    return typeof doc.commands?.[command] === 'string';
  } catch {
    return false;
  }
}
