import { createRequire, syncBuiltinESMExports } from 'node:module';

type Fn = (...args: unknown[]) => unknown;
const cp = createRequire(import.meta.url)('node:child_process') as Record<string, Fn>;
const NAMES = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];

/**
 * Counts child processes started in this process by wrapping node:child_process; the ESM named
 * bindings other modules imported are live, so syncBuiltinESMExports makes them see the wrapper too.
 */
export function countSpawns(): { count(): number; restore(): void } {
  let n = 0;
  const originals = new Map<string, Fn>();
  for (const name of NAMES) {
    const orig = cp[name];
    originals.set(name, orig);
    cp[name] = function (this: unknown, ...args: unknown[]) {
      n++;
      return orig.apply(this, args);
    };
  }
  syncBuiltinESMExports();
  return {
    count: () => n,
    restore() {
      for (const [name, orig] of originals) cp[name] = orig;
      syncBuiltinESMExports();
    },
  };
}
