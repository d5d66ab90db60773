/**
 * Black-box dispatch through the compiled engine (needs `npm run build`): what plugn passes through
 * untouched — the caller's stdin descriptor, stdout and stderr, cwd — and community TS plugins loaded
 * with tsx, the default importer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { installShell, installTs, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { repoRoot } from '../helpers/platform.js';

const driver = path.join(repoRoot, 'tests', 'helpers', 'engine-driver.mjs');
let p: TempPlatform;

beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'core', 'engine.js'))) throw new Error('run `npm run build` first');
});
beforeEach(() => {
  p = tempPlatform();
});
afterEach(() => p.cleanup());

function drive(args: string[], o: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const result = path.join(p.dir, 'result.json');
  return execa('node', [driver, ...args], {
    env: { ...p.env, ENGINE_DRIVER_RESULT: result, ...o.env },
    input: o.input ?? '',
    cwd: o.cwd ?? p.dir,
    reject: false,
  }).then((r) => ({ ...r, result: fs.existsSync(result) ? JSON.parse(fs.readFileSync(result, 'utf8')) : undefined }));
}

test('stdout is concatenated and stderr passed through, in run order, shell and TS alike', async () => {
  installShell(p, '00_a');
  installTs(p, '10_b');
  installShell(p, 'c-dash');
  const r = await drive(['notify', 'both-streams']);
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toBe('out 00_a\nout 10_b\nout c-dash');
  expect(r.stderr).toBe('err 00_a\nerr 10_b\nerr c-dash');
});

test("the caller's stdin descriptor is shared: line readers take consecutive lines", async () => {
  for (const n of ['00_a', 'Zeta', 'c-dash']) installShell(p, n);
  const r = await drive(['raw', 'stdin-line'], { input: 'one\ntwo\n' });
  expect(r.stdout).toBe('00_a: one\nZeta: two\nc-dash: <eof>');
});

test("the caller's stdin descriptor is shared: the first reader takes all", async () => {
  for (const n of ['00_a', 'Zeta']) installShell(p, n);
  const r = await drive(['raw', 'stdin-all'], { input: 'one\ntwo\n' });
  expect(r.stdout).toBe('00_a: [one\ntwo]\nZeta: []');
});

test("handlers run in the caller's cwd with the caller's environment", async () => {
  installShell(p, '00_a');
  const cwd = fs.mkdtempSync(path.join(p.dir, 'cwd-'));
  const r = await drive(['raw', 'env-json'], { cwd, env: { CALLER_VAR: 'x\\ty', 'A-B': 'kept' } });
  expect(JSON.parse(r.stdout)).toEqual({ ab: 'kept', caller: 'x\\ty', cwd });
});

test('raw dispatch exits with the first failure; a signal becomes 128+N', async () => {
  for (const n of ['00_a', 'Zeta', 'c-dash']) installShell(p, n);
  const failed = await drive(['raw', 'maybe-fail'], { env: { FAIL_IN: 'Zeta', FAIL_CODE: '7' } });
  expect(failed).toMatchObject({ exitCode: 7, stdout: 'ran 00_a\nfailing Zeta' });
  expect(failed.result.handlers).toEqual(['shell:00_a:0', 'shell:Zeta:7']);
  const killed = await drive(['raw', 'maybe-kill'], { env: { KILL_IN: 'Zeta' } });
  expect(killed).toMatchObject({ exitCode: 143, stdout: 'ran 00_a' });
});

test('an invalid trigger name is an error and runs nothing', async () => {
  installShell(p, '00_a');
  const r = await drive(['raw', '../00_a/hello']);
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain("Invalid trigger name '../00_a/hello'");
});

test('a community TS plugin is loaded with tsx, only when one of its triggers fires', async () => {
  installShell(p, '00_a');
  installTs(p, 'community');
  const env = { ENGINE_TS_ANNOUNCE: '1' };
  const shellOnly = await drive(['raw', 'dollar0'], { env });
  expect(shellOnly.stderr).toBe('');
  const r = await drive(['collect', 'ps-current-scale', 'myapp'], { env });
  expect(r.exitCode).toBe(0);
  expect(r.result).toEqual(['00_a=1', 'community=1']);
  expect(r.stderr).toBe('engine-ts module loaded');
});
