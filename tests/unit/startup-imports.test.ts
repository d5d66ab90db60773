/**
 * Every command starts a process, so the modules bin/berth and bin/plugn import up front must not
 * pull in heavy packages (execa alone is ~130 files and doubled `berth apps:list`). They belong in
 * a lazy `await import()` where they are used. Checks the compiled entries (needs `npm run build`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { repoRoot } from '../helpers/platform.js';

const HEAVY = ['execa', 'yargs', 'dockerode', 'pino', 'chokidar', 'semver', 'tsx'];

/** Every module URL a fresh node resolves while importing `entry` (module hooks see ESM imports and imported CJS packages). */
async function importedBy(entry: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-imports-'));
  try {
    const log = path.join(dir, 'resolved.log');
    fs.writeFileSync(
      path.join(dir, 'hooks.mjs'),
      `import fs from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); fs.appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`,
    );
    fs.writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
    const code = `await import(${JSON.stringify(pathToFileURL(entry).href)});`;
    await execa(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, '--input-type=module', '-e', code]);
    return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const heavyIn = (urls: string[]) => [...new Set(urls.flatMap((u) => HEAVY.filter((p) => u.includes(`/node_modules/${p}/`))))];

test.each([['bin/berth.js'], ['bin/plugn.js']])('dist/%s imports no heavy package at start-up', async (entry) => {
  const urls = await importedBy(path.join(repoRoot, 'dist', entry));
  expect(urls.some((u) => u.includes('/dist/core/'))).toBe(true);
  expect(heavyIn(urls)).toEqual([]);
});
