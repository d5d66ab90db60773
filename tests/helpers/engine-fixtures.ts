import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Engine, type EngineOptions } from '../../core/engine.js';
import { route } from '../../cli/router.js';
import { pluginPathsFrom, type Paths } from '../../core/paths.js';
import { repoRoot, tempPlatform, type TempPlatform } from './platform.js';

export const fixtureDir = (name: string) => path.join(repoRoot, 'fixtures', 'plugins', name);

/** A copy of a shell fixture, enabled under `name` (copies can be changed per test). */
export function installShell(p: TempPlatform, name: string, fixture = 'engine-shell'): string {
  const dest = path.join(p.pluginPath, 'available', name);
  fs.cpSync(fixtureDir(fixture), dest, { recursive: true });
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
  return dest;
}

/** A TS fixture linked (not copied) so its relative import of the SDK resolves from the repo. */
export function installTs(p: TempPlatform, name: string, fixture = 'engine-ts'): string {
  const dest = path.join(p.pluginPath, 'available', name);
  fs.symlinkSync(fixtureDir(fixture), dest);
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
  return dest;
}

export class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export function platformPaths(p: TempPlatform): Paths {
  return pluginPathsFrom(p.pluginPath, { root: p.root, libRoot: p.libRoot, logsDir: path.join(p.libRoot, 'logs') });
}

/** An in-process engine on a temp platform; TS plugins are imported through jest (ts-jest) and recorded. */
export function engineFor(p: TempPlatform, o: { env?: NodeJS.ProcessEnv } & Partial<EngineOptions> = {}) {
  const stdout = new Sink();
  const stderr = new Sink();
  const imported: string[] = [];
  const engine = new Engine({
    paths: platformPaths(p),
    stdout,
    stderr,
    importer: async (file) => {
      imported.push(file);
      return import(fs.realpathSync(file));
    },
    ...o,
    env: { ...p.env, ...o.env },
  });
  return { engine, stdout, stderr, imported };
}

/** Links a built-in plugin's source dir (or `from`) into the platform, available and enabled. */
export function linkPlugin(p: TempPlatform, name: string, from = path.join(repoRoot, 'plugins', name)): void {
  const dest = path.join(p.pluginPath, 'available', name);
  fs.symlinkSync(from, dest);
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
}

/** A command routed in-process through a fresh engine: its output, and the exit code a BerthError maps to. */
export async function routeIn(p: TempPlatform, argv: string[]): Promise<{ out: string; err: string; code: number }> {
  const { engine, stdout, stderr } = engineFor(p);
  try {
    const code = await route(engine, argv);
    return { out: stdout.text, err: stderr.text, code };
  } catch (e) {
    return { out: stdout.text, err: `${stderr.text}${(e as Error).message}`, code: (e as { exitCode?: number }).exitCode ?? 1 };
  }
}

export { tempPlatform, type TempPlatform };
