/**
 * The registry types the engine's dispatch methods: calling a registered trigger with the wrong kind,
 * or with the wrong arguments, must not compile (core/kind-checks.ts proves the same at build time).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../helpers/platform.js';

test('wrong-kind, wrong-argument and unregistered-name calls fail to type-check; right ones pass', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-kinds-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const engine = JSON.stringify(path.join(repoRoot, 'core', 'engine.js'));
  const header = `import type { Triggers } from ${engine};\ndeclare const t: Triggers;\n`;
  fs.writeFileSync(
    path.join(dir, 'good.ts'),
    header +
      [
        "await t.notify('post-create', 'app');",
        "const ok: { ok: boolean } = await t.gate('app-exists', 'app');",
        "const lines: string[] = await t.collect('domains-list', 'app');",
        "const value: string = await t.collect('config-get', 'app', 'KEY');",
        "const first: string | undefined = await t.first('builder-detect', 'app', '/src');",
        "const flags: string = await t.waterfall('docker-args-build', '', 'app', 'dockerfile');",
        "await t.select('scheduler-deploy', 'docker-local', 'app', 'tag');",
        "await t.community('notify', 'a-community-hook', 'anything', 'goes');",
        "const hooked: string[] = await t.community('lines', 'a-community-hook');",
        'void ok, lines, value, first, flags, hooked;',
        'export {};',
      ].join('\n'),
  );
  const bad = [
    "await t.notify('app-exists', 'app');",
    "await t.gate('post-create', 'app');",
    "await t.first('proxy-type', 'app');",
    "await t.collect('builder-detect', 'app', '/src');",
    "await t.select('post-deploy', 'app', '', '', 'tag');",
    "await t.waterfall('config-get', '', 'app', 'KEY');",
    "await t.notify('post-create');",
    "await t.notify('post-create', 'app', 'extra');",
    "const wrong: string = await t.collect('domains-list', 'app');",
    "await t.notify('post-creat', 'app');",
    "await t.notify('a-community-hook', 'anything');",
    "await t.community('notify', 'post-create', 'app');",
  ];
  fs.writeFileSync(path.join(dir, 'bad.ts'), header + bad.join('\n') + '\nvoid wrong;\nexport {};\n');
  try {
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const opts = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--typeRoots', path.join(repoRoot, 'node_modules', '@types')];
    const r = await execa('node', [tsc, ...opts, path.join(dir, 'good.ts'), path.join(dir, 'bad.ts')], { reject: false, cwd: dir });
    const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    expect(errors.filter((l) => !l.startsWith('bad.ts') && !l.includes(`${path.sep}bad.ts`))).toEqual([]);
    const badLines = new Set(errors.map((l) => Number(/bad\.ts\((\d+),/.exec(l)?.[1]) - 3));
    expect([...badLines].sort((a, b) => a - b)).toEqual(bad.map((_, i) => i));
    expect(r.exitCode).not.toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
