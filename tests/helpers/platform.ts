import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const berthBin = path.join(repoRoot, 'bin', 'berth');
export const plugnBin = path.join(repoRoot, 'bin', 'plugn');

export interface TempPlatform {
  dir: string;
  env: NodeJS.ProcessEnv;
  root: string;
  libRoot: string;
  pluginPath: string;
  cleanup(): void;
}

/** A whole platform in a temp dir: roots overridden by environment, no built-ins linked unless asked. */
export function tempPlatform(opts: { builtins?: boolean } = {}): TempPlatform {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-test-'));
  const root = path.join(dir, 'home');
  const libRoot = path.join(dir, 'lib');
  const pluginPath = path.join(libRoot, 'plugins');
  for (const d of [root, path.join(pluginPath, 'available'), path.join(pluginPath, 'enabled')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(pluginPath, 'config.toml'), '');
  const env = { ...process.env, BERTH_ROOT: root, BERTH_LIB_ROOT: libRoot, PLUGIN_PATH: pluginPath, NAME: '', FINGERPRINT: '' };
  if (opts.builtins) {
    for (const name of fs.readdirSync(path.join(repoRoot, 'dist', 'plugins'))) {
      const src = path.join(repoRoot, 'dist', 'plugins', name);
      if (!fs.existsSync(path.join(src, 'plugin.toml'))) continue;
      fs.symlinkSync(src, path.join(pluginPath, 'available', name));
      fs.symlinkSync(path.join(pluginPath, 'available', name), path.join(pluginPath, 'enabled', name));
    }
  }
  return { dir, env, root, libRoot, pluginPath, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copy (or link) a fixture plugin into a platform and enable it. */
export function addPlugin(p: TempPlatform, fixtureDir: string, name = path.basename(fixtureDir), enable = true): string {
  const dest = path.join(p.pluginPath, 'available', name);
  fs.cpSync(fixtureDir, dest, { recursive: true });
  if (enable) fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
  return dest;
}

export async function berth(p: TempPlatform, args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return execa(berthBin, args, { env: { ...p.env, ...o.env }, input: o.input ?? '', reject: false, cwd: p.dir });
}

export async function plugn(p: TempPlatform, args: string[], o: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return execa(plugnBin, args, { env: { ...p.env, ...o.env }, input: o.input ?? '', reject: false, cwd: o.cwd ?? p.dir });
}
