/**
 * The registry tells the truth: every entry is fired by berth's code or is a compatibility entry with a
 * reason, code fires no unregistered name through a kind method, and the generated fired-by table is current.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIRED_BY_FILE } from '../../scripts/gen-trigger-docs.js';
import { ownerOf, renderFiredBy, scanFired } from '../../scripts/scan-fired.js';
import { firedBy } from '../../triggers/fired-by.js';
import { registry } from '../../triggers/registry.js';
import type { TriggerSpec } from '../../triggers/types.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const entries = Object.entries(registry as Record<string, TriggerSpec>);
const scan = scanFired(root);

describe('the registry tells the truth', () => {
  test('every entry is fired by berth or marked as a compatibility entry, never both', () => {
    const neither = entries.filter(([n, s]) => !scan.byKind.has(n) && !s.compat).map(([n]) => n);
    const both = entries.filter(([n, s]) => scan.byKind.has(n) && s.compat).map(([n]) => n);
    expect({ neither, both }).toEqual({ neither: [], both: [] });
  });

  test('code fires only registered names through the kind methods; community hook points are unregistered', () => {
    expect([...scan.byKind.keys()].filter((n) => !(n in registry))).toEqual([]);
    expect([...scan.community.keys()].filter((n) => n in registry)).toEqual([]);
  });

  test('compatibility reasons are one line and say who fires it in Dokku, or that nobody does', () => {
    for (const [name, spec] of entries.filter(([, s]) => s.compat)) {
      expect([name, spec.compat!.includes('\n')]).toEqual([name, false]);
      expect([name, /Dokku/.test(spec.compat!)]).toEqual([name, true]);
    }
  });

  test(`${FIRED_BY_FILE} is generated from the code (run \`npm run docs\`)`, () => {
    expect(fs.readFileSync(path.join(root, FIRED_BY_FILE), 'utf8')).toBe(renderFiredBy(scan, Object.keys(registry)));
    expect(firedBy['post-create']).toContain('apps');
  });
});

describe('scanFired', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-scan-'));
    const put = (rel: string, text: string) => (fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }), fs.writeFileSync(path.join(dir, rel), text));
    put('plugins/alpha/commands.ts', "await ctx.triggers.notify(\n  'post-create', app);\nawait ctx.triggers.community('lines', 'alpha-hook');\nconst x = 'post-delete';\n");
    put('plugins/alpha/commands.test.ts', "await ctx.triggers.notify('from-a-test');\n");
    put('plugins/beta/functions', '#!/usr/bin/env bash\nplugn trigger app-exists "$APP"\ndokku plugin:trigger "report" "$APP"\n');
    put('plugins/beta/README.md', 'plugn trigger not-code\n');
    put('core/x.ts', "await t.selectValue<'scheduler-app-status'>('scheduler-app-status', s, app);\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('finds literal dispatches in TS (across lines, typed calls), shell plugn triggers, community calls', () => {
    const s = scanFired(dir);
    const plain = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));
    expect(plain(s.byKind)).toEqual({ 'post-create': ['alpha'], 'app-exists': ['beta'], report: ['beta'], 'scheduler-app-status': ['core'] });
    expect(plain(s.community)).toEqual({ 'alpha-hook': ['alpha'] });
  });

  test('owners are plugin names, or core and bin', () => {
    expect([ownerOf('plugins/nginx/render.ts'), ownerOf('core/engine.ts'), ownerOf('bin/berth.ts')]).toEqual(['nginx', 'core', 'bin']);
  });
});
