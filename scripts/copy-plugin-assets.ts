import fs from 'node:fs';
import path from 'node:path';

/** Built-in plugins run from dist/: copy everything tsc does not emit (plugin.toml, shell handlers, templates), modes kept. */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const src = path.join(root, 'plugins');
const dest = path.join(root, 'dist', 'plugins');

for (const name of fs.readdirSync(src)) {
  const from = path.join(src, name);
  if (!fs.statSync(from).isDirectory()) continue;
  fs.cpSync(from, path.join(dest, name), {
    recursive: true,
    filter: (f) => fs.statSync(f).isDirectory() || !/\.ts$/.test(f) || f.endsWith('.d.ts'),
  });
}
