import fs from 'node:fs';
import path from 'node:path';

/**
 * The direction of imports (core/README.md): plugins reach berth only through the public SDK (so a
 * community plugin can import all a built-in does), each layer imports only the layers below it, and no
 * two files need each other.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const layers = ['core', 'triggers', 'sdk', 'admin', 'cli', 'plugins', 'bin'];

interface Edge { from: string; to: string; typeOnly: boolean }

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function edges(files: string[]): Edge[] {
  const out: Edge[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[2] ?? m[3];
      out.push({ from: file, to: path.normalize(path.join(path.dirname(file), spec.replace(/\.js$/, '.ts'))), typeOnly: !!m[1] });
    }
  }
  return out;
}

/** Strongly connected components of more than one file (Tarjan). */
function cycles(all: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of all) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) visit(w), low.set(v, Math.min(low.get(v)!, low.get(w)!));
      else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      scc.push(w);
      if (w === v) break;
    }
    if (scc.length > 1) found.push(scc.sort());
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}

const all = edges(layers.flatMap(sources));
const layerOf = (file: string) => file.split('/')[0];

/** Which layers each layer may import (besides itself); see core/README.md. */
const allowed: Record<string, string[]> = {
  core: ['triggers'],
  triggers: [],
  admin: ['core', 'triggers'],
  cli: ['core', 'triggers'],
  sdk: ['core', 'triggers', 'admin'],
};

test.each(Object.keys(allowed))('%s/ imports only the layers below it', (layer) => {
  const bad = all.filter((e) => layerOf(e.from) === layer && layerOf(e.to) !== layer && !allowed[layer].includes(layerOf(e.to)));
  expect(bad).toEqual([]);
});

test('plugins reach berth only through the public SDK, and other plugins only through triggers', () => {
  const bad = all.filter((e) => e.from.startsWith('plugins/') && e.to !== 'sdk/index.ts' && e.from.split('/')[1] !== e.to.split('/')[1]);
  expect(bad).toEqual([]);
});

test('no import cycles at run time', () => {
  expect(cycles(all.filter((e) => !e.typeOnly))).toEqual([]);
});

test('no import cycles through types either', () => {
  expect(cycles(all)).toEqual([]);
});
