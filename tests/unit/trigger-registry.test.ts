import fs from 'node:fs';
import path from 'node:path';
import { DOCS_FILE, renderTriggerDocs } from '../../scripts/gen-trigger-docs.js';
import { phases, registry, specOf } from '../../triggers/registry.js';
import type { TriggerSpec } from '../../triggers/types.js';
import { isValidTriggerName } from '../../core/validate.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const entries = Object.entries(registry as Record<string, TriggerSpec>);

describe('trigger registry', () => {
  test('docs/triggers.md is generated from the registry (run `npm run build && npm run docs:triggers`)', () => {
    expect(fs.readFileSync(path.join(root, DOCS_FILE), 'utf8')).toBe(renderTriggerDocs());
  });

  test('no trigger is defined in two phase files', () => {
    const seen = new Map<string, string>();
    for (const phase of phases)
      for (const name of Object.keys(phase.triggers)) {
        expect([name, seen.get(name)]).toEqual([name, undefined]);
        seen.set(name, phase.title);
      }
    expect(seen.size).toBe(entries.length);
  });

  test.each(entries)('%s is well formed', (name, spec) => {
    expect(isValidTriggerName(name)).toBe(true);
    expect(spec.doc.trim()).not.toBe('');
    expect(spec.doc).not.toContain('\n');
    if (spec.kind === 'collect') expect(['value', 'lines']).toContain(spec.shape);
    else expect(spec.shape).toBeUndefined();
    if (spec.kind === 'select') expect(spec.role).toBeDefined();
    if (spec.kind === 'waterfall') expect(spec.stdin).toBe(true);
    const rest = spec.args.findIndex((a) => a.startsWith('...'));
    if (rest >= 0) expect(rest).toBe(spec.args.length - 1);
    const firstOptional = spec.args.findIndex((a) => a.endsWith('?'));
    if (firstOptional >= 0) for (const a of spec.args.slice(firstOptional)) expect(a.endsWith('?') || a.startsWith('...')).toBe(true);
  });

  test('specOf knows registered names only', () => {
    expect(specOf('post-create')?.kind).toBe('notify');
    expect(specOf('toString')).toBeUndefined();
    expect(specOf('my-community-hook')).toBeUndefined();
  });
});
