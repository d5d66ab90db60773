import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest } from '../core/manifest.js';
import { phases, registry } from '../triggers/registry.js';
import type { Kind, TriggerSpec } from '../triggers/types.js';
import { renderFiredBy, scanFired, type FiredScan } from './scan-fired.js';

/** docs/triggers.md is generated from the registry; a jest test fails when the committed file is stale. */
export const DOCS_FILE = path.join('docs', 'triggers.md');
/** Who fires each trigger, generated beside the registry so `plugin:triggers` can show it without the sources. */
export const FIRED_BY_FILE = path.join('triggers', 'fired-by.ts');

const kinds: { kind: Kind; method: string; caller: string; etiquette: string }[] = [
  {
    kind: 'notify',
    method: 'notify(name, ...args)',
    caller: 'Runs every handler; output streams to the user. A failing handler fails the caller (the promise rejects).',
    etiquette: 'Side effects only; exit 0 when the event is not yours.',
  },
  {
    kind: 'gate',
    method: 'gate(name, ...args) → { ok, exit }',
    caller: 'Only the exit status counts. The first non-zero exit stops the chain, so a gate is an AND over handlers.',
    etiquette: 'Exit 0 and stay silent when the request is not yours; exit non-zero to veto.',
  },
  {
    kind: 'first',
    method: 'first(name, ...args) → string | undefined',
    caller: 'Takes the first non-empty line; no further handler runs once one answered. Byte order decides ties.',
    etiquette: 'Print only when you have an opinion.',
  },
  {
    kind: 'collect',
    method: 'collect(name, ...args) → string | string[]',
    caller: "All output kept: as one trimmed value (`value`), or one record per non-empty line (`lines`).",
    etiquette: '`value`: print nothing unless the request is yours. `lines`: append your lines.',
  },
  {
    kind: 'waterfall',
    method: 'waterfall(name, input, ...args) → string',
    caller:
      "The docker-args family. The caller's input goes on the one shared stdin and handler output is concatenated, so handlers that echo stdin then append their flags keep working. Output is tokenised, never shell-evaluated.",
    etiquette: 'Read stdin if you want it, print it back, append your flags.',
  },
  {
    kind: 'select',
    method: 'select(name, provider, ...args) / selectValue(...)',
    caller:
      'Role triggers: the first argument names the provider. TS handlers run only in the plugin whose `provides` names that provider; shell handlers all run and still see it as `$1`.',
    etiquette: 'Shell: return at once unless `$1` is you. TS: declare `provides = { <role> = "<name>" }` in plugin.toml.',
  },
];

/** A table cell: pipes escaped everywhere, angle brackets only outside code spans. */
function cell(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`')
    .replace(/\|/g, '\\|');
}

function argList(args: readonly string[]): string {
  if (!args.length) return '—';
  return '`' + args
    .map((a) => (a.startsWith('...') ? `${a.slice(3)}…` : a.endsWith('?') ? `[${a.slice(0, -1)}]` : a))
    .join(' ') + '`';
}

function kindLabel(spec: TriggerSpec): string {
  if (spec.kind === 'collect') return `collect (${spec.shape ?? 'value'})`;
  if (spec.kind === 'select') return `select (${spec.role ?? 'provider'})`;
  return spec.kind;
}

/** Which built-in plugins implement each trigger, read from their manifests and handler files (never kept by hand). */
export function builtinImplementers(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const dir = path.join(root, 'plugins');
  for (const plugin of fs.readdirSync(dir).sort()) {
    const pdir = path.join(dir, plugin);
    if (!fs.existsSync(path.join(pdir, 'plugin.toml'))) continue;
    const names = new Set(readManifest(path.join(pdir, 'plugin.toml')).triggers);
    for (const f of fs.readdirSync(pdir)) {
      const st = fs.statSync(path.join(pdir, f));
      if (st.isFile() && st.mode & 0o111 && !f.includes('.') && f in registry) names.add(f);
    }
    for (const n of names) out.set(n, [...(out.get(n) ?? []), plugin]);
  }
  return out;
}

function firedCell(name: string, spec: TriggerSpec, scan: FiredScan): string {
  const by = [...(scan.byKind.get(name) ?? [])].sort();
  if (by.length) return by.join(', ');
  return spec.compat ? `compatibility entry: ${cell(spec.compat)}` : '**nothing** (the registry test fails)';
}

function table(entries: [string, TriggerSpec][], impl: Map<string, string[]>, scan: FiredScan): string[] {
  const rows = ['| Trigger | Args | Kind | Stdin | Fired by | Built-in implementers | Description |', '|---|---|---|---|---|---|---|'];
  for (const [name, spec] of entries) {
    const by = impl.get(name)?.join(', ') || '— (hook point)';
    rows.push(`| \`${name}\` | ${argList(spec.args)} | ${kindLabel(spec)} | ${spec.stdin ? 'read' : '—'} | ${firedCell(name, spec, scan)} | ${by} | ${cell(spec.doc)} |`);
  }
  return rows;
}

export function renderTriggerDocs(root = repoRoot(path.dirname(fileURLToPath(import.meta.url)))): string {
  const impl = builtinImplementers(root);
  const scan = scanFired(root);
  const all = Object.entries(registry as Record<string, TriggerSpec>);
  const compat = all.filter(([n, s]) => s.compat && !scan.byKind.has(n)).length;
  const grouped = new Set<string>();
  const out = [
    '# Trigger reference',
    '',
    '<!-- Generated from triggers/registry.ts by `npm run docs:triggers`. Do not edit by hand. -->',
    '',
    `berth knows ${all.length} triggers. Every one keeps plugn's dispatch rule for shell handlers: enabled plugins in`,
    'byte order, arguments verbatim, one shared stdin, stdout concatenated, stderr passed through, and the first',
    'non-zero exit stops the chain and becomes the result. TS handlers run in the same order with the same stop rule.',
    'The **kind** of a trigger says how the caller reads the result; the engine has one method per kind and the',
    'compiler rejects a call with the wrong one or with a name that is not registered. Triggers that are not listed',
    'here still dispatch (use `raw`,',
    'or `triggers.community(kind, name, …)`) so community plugins can invent their own hook points.',
    '',
    `**Fired by** is read from the code (\`scripts/scan-fired.ts\`): ${all.length - compat} entries are fired by berth's plugins,`,
    `core or bin; ${compat} are **compatibility entries**, declared for community plugins that fire or implement them,`,
    'each with the reason berth does not fire it. A test fails when an entry is neither, or when code fires a name',
    'that is not registered.',
    '',
    '## Kinds',
    '',
    '| Kind | Engine method | What the caller gets | Handler etiquette |',
    '|---|---|---|---|',
    ...kinds.map((k) => `| **${k.kind}** | ${cell('`' + k.method + '`')} | ${cell(k.caller)} | ${cell(k.etiquette)} |`),
    '',
    'Args: `[X]` is optional, `X…` takes the rest. Stdin `read`: the handler may read the shared stdin stream;',
    'for every other registered trigger handlers get an empty stdin.',
    '',
  ];
  for (const phase of phases) {
    const entries = Object.entries(phase.triggers as Record<string, TriggerSpec>);
    entries.forEach(([n]) => grouped.add(n));
    out.push(`## ${phase.title}`, '', ...table(entries, impl, scan), '');
  }
  const rest = all.filter(([n]) => !grouped.has(n));
  if (rest.length) out.push('## Other', '', ...table(rest, impl, scan), '');
  out.push('## By kind', '');
  for (const { kind } of kinds) {
    const names = all.filter(([, s]) => s.kind === kind).map(([n]) => n).sort();
    out.push(`- **${kind}** (${names.length}): ${names.map((n) => `\`${n}\``).join(', ')}`);
  }
  return out.join('\n') + '\n';
}

function repoRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = path.join(repoRoot(path.dirname(fileURLToPath(import.meta.url))), DOCS_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderTriggerDocs());
  process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file}\n`);
  const root = path.dirname(path.dirname(file));
  const firedFile = path.join(root, FIRED_BY_FILE);
  fs.writeFileSync(firedFile, renderFiredBy(scanFired(root), Object.keys(registry)));
  process.stdout.write(`wrote ${path.relative(process.cwd(), firedFile) || firedFile}\n`);
}
