import fs from 'node:fs';
import path from 'node:path';
import { Stream, type Value } from './values.js';

/** Where relative file names are looked up: the working directory, then the template path (innermost first). */
export interface SearchPath {
  cwd: string;
  dirs: string[];
  /** When set, only files under this directory may be read. */
  confine?: string;
}

function allowed(sp: SearchPath, file: string): string {
  if (!sp.confine) return file;
  const real = fs.realpathSync(file);
  const root = fs.realpathSync(sp.confine);
  if (real !== root && !real.startsWith(root + path.sep)) throw new Error(`${file} is outside ${sp.confine}, which this template may not leave`);
  return file;
}

export function lookPath(sp: SearchPath, file: string): string {
  if (file.startsWith('/')) {
    if (fs.existsSync(file)) return allowed(sp, file);
  } else {
    for (const dir of [sp.cwd, ...sp.dirs]) {
      const candidate = path.join(dir, file);
      if (fs.existsSync(candidate)) return allowed(sp, candidate);
    }
  }
  throw new Error(`Not found in path: ${file} [${sp.dirs.join(' ')}]`);
}

/** sigil's `read`: a stream's text, or the contents of the file a string names. */
export function readSource(sp: SearchPath, v: Value): string {
  if (v instanceof Stream) return v.text;
  if (typeof v !== 'string') throw new Error('file must be stream or path string');
  const file = lookPath(sp, v);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`read ${file}: ${(err as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
  }
}

export function listDir(sp: SearchPath, name: string, keep: (e: fs.Dirent) => boolean): string[] {
  const dir = path.resolve(sp.cwd, name);
  try {
    if (sp.confine) allowed(sp, dir);
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter(keep)
      .map((e) => e.name)
      .sort();
  } catch (err) {
    throw new Error(`open ${name}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
}
