import fs from 'node:fs';

let cached: string | undefined;

/** berth's own version, read from package.json whether running from source or from dist/. */
export function berthVersion(): string {
  if (cached) return cached;
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(new URL(rel, import.meta.url), 'utf8'));
      if (pkg.name === 'berth') return (cached = String(pkg.version));
    } catch {
      // try the next location
    }
  }
  return (cached = 'dev');
}
