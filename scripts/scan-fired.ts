import fs from 'node:fs';
import path from 'node:path';

/**
 * Who fires each trigger, read from the code rather than kept by hand: TS dispatch calls with a
 * literal trigger name (`.notify('post-create', …)`, every kind method, `raw`, `community`) under
 * plugins/, core/ and bin/, and `plugn trigger NAME` / `plugin:trigger NAME` in shell files under
 * plugins/. A dynamic name is invisible here, which is why callers keep the name literal.
 */
export const SCANNED_DIRS = ['plugins', 'core', 'sdk', 'admin', 'cli', 'bin'] as const;

const KIND_CALL = /\.(notify|gate|first|collect|waterfall|select|selectValue|raw)\s*(?:<[^>()]*>)?\(\s*'([a-z0-9][a-z0-9_.-]*)'/g;
const COMMUNITY_CALL = /\.community\s*(?:<[^>()]*>)?\(\s*'[a-z]+'\s*,\s*'([a-z0-9][a-z0-9_.-]*)'/g;
const SHELL_CALL = /(?:plugn trigger|plugin:trigger)\s+"?([a-z0-9][a-z0-9_.-]*)"?/g;
/** `selectedProvider(ctx, 'scheduler', app)` fires the role's detect trigger (core/roles.ts). */
const ROLE_CALL = /\bselectedProvider\(\s*[\w.]+\s*,\s*'(scheduler|proxy)'/g;
const DETECT: Record<string, string> = { scheduler: 'scheduler-detect', proxy: 'proxy-type' };

export interface FiredScan {
  /** Registered or not, every name fired through a kind method or raw: name → firing owners. */
  byKind: Map<string, Set<string>>;
  /** Names fired through `triggers.community(kind, name, …)`: name → firing owners. */
  community: Map<string, Set<string>>;
}

/** `plugins/nginx/render.ts` → `nginx`; `core/plugin-install.ts` → `core`; `bin/berth.ts` → `bin`. */
export function ownerOf(rel: string): string {
  const parts = rel.split(/[\\/]/);
  return parts[0] === 'plugins' ? (parts[1] ?? 'plugins') : (parts[0] ?? rel);
}

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

const isShell = (text: string) => /^#!.*\b(ba|da|z)?sh\b/.test(text) || /^\s*(source|\.)\s/m.test(text);

export function scanFired(root: string): FiredScan {
  const scan: FiredScan = { byKind: new Map(), community: new Map() };
  const add = (map: Map<string, Set<string>>, name: string, owner: string) => map.set(name, (map.get(name) ?? new Set()).add(owner));
  for (const dir of SCANNED_DIRS) {
    for (const file of files(path.join(root, dir))) {
      const rel = path.relative(root, file);
      // core/kind-checks.ts holds calls that must not compile (misspelt names): a type test, not a firing site
      if (/\.(test|d)\.ts$/.test(rel) || /\.(js|json|toml|md|sigil|conf)$/.test(rel) || rel === path.join('core', 'kind-checks.ts')) continue;
      const text = fs.readFileSync(file, 'utf8');
      const owner = ownerOf(rel);
      if (rel.endsWith('.ts')) {
        for (const m of text.matchAll(KIND_CALL)) add(scan.byKind, m[2]!, owner);
        for (const m of text.matchAll(COMMUNITY_CALL)) add(scan.community, m[1]!, owner);
        for (const m of text.matchAll(ROLE_CALL)) add(scan.byKind, DETECT[m[1]!]!, owner);
      } else if (isShell(text)) {
        for (const m of text.matchAll(SHELL_CALL)) add(scan.byKind, m[1]!, owner);
      }
    }
  }
  return scan;
}

/** The generated module `triggers/fired-by.ts`: registered name → plugins (or core, bin) that fire it. */
export function renderFiredBy(scan: FiredScan, registered: readonly string[]): string {
  const lines = [
    '// Generated from the code by `npm run docs` (scripts/scan-fired.ts). Do not edit by hand.',
    '',
    '/** Registered trigger → the built-in plugins (or `core`, `bin`) whose code fires it; absent when nothing does. */',
    'export const firedBy: Readonly<Record<string, readonly string[]>> = {',
  ];
  for (const name of [...registered].sort()) {
    const owners = scan.byKind.get(name);
    if (owners?.size) lines.push(`  '${name}': [${[...owners].sort().map((o) => `'${o}'`).join(', ')}],`);
  }
  lines.push('};', '');
  return lines.join('\n');
}
