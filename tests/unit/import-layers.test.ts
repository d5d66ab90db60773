import fs from 'node:fs';
import path from 'node:path';

/**
 * The direction of imports: plugins reach the kernel only through the public SDK (so a community plugin
 * can import all a built-in does), the kernel and the registry never reach into plugins or the CLI, and
 * no two files need each other.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const layers = ['core', 'triggers', 'plugins', 'bin'];

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

test('the kernel and the trigger registry import nothing from plugins, the CLI or tests', () => {
  const bad = all.filter((e) => /^(core|triggers)\//.test(e.from) && !/^(core|triggers)\//.test(e.to));
  expect(bad).toEqual([]);
});

test('plugins reach the kernel only through the public SDK', () => {
  const bad = all.filter((e) => e.from.startsWith('plugins/') && e.to.startsWith('core/') && e.to !== 'core/sdk.ts');
  expect(bad).toEqual([]);
});

test('no import cycles at run time', () => {
  expect(cycles(all.filter((e) => !e.typeOnly))).toEqual([]);
});
