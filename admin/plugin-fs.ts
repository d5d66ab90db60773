import fs from 'node:fs';
import path from 'node:path';
import { builtinPluginsDir } from '../core/builtins.js';
import type { Paths } from '../core/paths.js';

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

/** A command with an argument array, no shell; execa is imported on first use so plain verbs start fast. */
export async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const { execa } = await import('execa');
  const r = await execa(cmd, args, { reject: false, stdin: 'ignore', env: { GIT_TERMINAL_PROMPT: '0', ...env } });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
