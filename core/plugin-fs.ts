import fs from 'node:fs';
import path from 'node:path';
import { builtinPluginsDir } from './builtins.js';
import type { Paths } from './paths.js';

/** Small file-system facts about the plugin tree, shared by the plugin admin modules. */
export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function lstatOr(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

export function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** A built-in plugin is one whose available/ entry resolves into berth's own plugins directory. */
export function isBuiltin(paths: Paths, name: string, builtinsDir = builtinPluginsDir()): boolean {
  try {
    return path.dirname(fs.realpathSync(path.join(paths.available, name))) === fs.realpathSync(builtinsDir);
  } catch {
    return false;
  }
}
