/**
 * The `plugin` plugin, black-box through bin/berth (needs `npm run build`), plus the built-in
 * bookkeeping of core/plugin-admin.ts in-process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { execa } from 'execa';
import { linkBuiltins } from '../../core/builtins.js';
import { pluginPathsFrom } from '../../core/paths.js';
import * as admin from '../../admin/plugin-admin.js';
import { addPlugin, berth, berthBin, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';

const fixtures = path.join(repoRoot, 'fixtures', 'plugins');
const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

// Each case spawns the CLI a few times; on a loaded 2-core host one spawn can take seconds.
jest.setTimeout(120_000);

let p: TempPlatform;
beforeEach(() => {
  p = tempPlatform();
  const dest = path.join(p.pluginPath, 'available', 'plugin');
  fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', 'plugin'), dest);
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', 'plugin'));
});
afterEach(() => p.cleanup());

const available = (n: string) => path.join(p.pluginPath, 'available', n);
const enabled = (n: string) => path.join(p.pluginPath, 'enabled', n);
const markers = (n: string) => {
  const f = path.join(p.libRoot, 'markers', n);
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').replace(/\n$/, '').split('\n') : [];
};

/** A copy of a fixture somewhere outside the platform, under the given directory name. */
function source(fixture: string, name: string): string {
  const dir = path.join(p.dir, 'src', name);
  fs.cpSync(path.join(fixtures, fixture), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

async function gitRepo(fixture: string, name: string): Promise<string> {
  const dir = source(fixture, name);
  for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['commit', '-qm', 'initial']]) await execa('git', args, { cwd: dir, env: gitEnv });
  return dir;
}

describe('plugin:list', () => {
  test('shows every plugin, a broken manifest as an error instead of crashing', async () => {
    addPlugin(p, path.join(fixtures, 'plugn-broken'), 'broken');
    addPlugin(p, path.join(fixtures, 'plugn-echo'), 'echo', false);
    const text = await berth(p, ['plugin:list']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^ {2}broken +enabled +!! .*plugin\.toml.*not valid TOML/m);
    expect(text.stdout).toMatch(/^ {2}echo +0\.1\.0 +disabled +Echoes its arguments/m);
    const json = JSON.parse((await berth(p, ['plugin:list', '--format', 'json'])).stdout);
    expect(json.map((r: { name: string }) => r.name)).toEqual(['broken', 'echo', 'plugin']);
    expect(json[0].error).toMatch(/not valid TOML/);
    expect(json[2]).toMatchObject({ name: 'plugin', enabled: true, essential: true, builtin: true, error: null });
  });
});

describe('plugin:install', () => {
  test('from a directory: name from the path (dokku- dropped, cut at the first "."), enabled, install fired', async () => {
    const dir = source('plugn-installable', 'dokku-myplug.v2');
    const r = await berth(p, ['plugin:install', dir]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(fs.existsSync(path.join(available('myplug'), 'install'))).toBe(true);
    expect(fs.readlinkSync(enabled('myplug'))).toBe(available('myplug'));
    expect(markers('myplug')).toEqual(['install ']);
  });

  test('from a .tgz with one top-level directory, and with --name', async () => {
    source('plugn-installable', 'top');
    const tarball = path.join(p.dir, 'tarplug.v1.tgz');
    await execa('tar', ['-czf', tarball, '-C', path.join(p.dir, 'src'), 'top']);
    expect((await berth(p, ['plugin:install', tarball])).exitCode).toBe(0);
    expect(fs.existsSync(path.join(available('tarplug'), 'plugin.toml'))).toBe(true);
    expect((await berth(p, ['plugin:install', tarball, '--name', 'other'])).exitCode).toBe(0);
    expect(fs.existsSync(enabled('other'))).toBe(true);
    expect(markers('other')).toEqual(['install ']);
  });

  test('from a local git repo; update fires update; uninstall fires uninstall first', async () => {
    const repo = await gitRepo('plugn-installable', 'gitplug.git');
    expect((await berth(p, ['plugin:install', repo])).exitCode).toBe(0);
    expect(fs.existsSync(path.join(available('gitplug'), '.git'))).toBe(true);
    expect(markers('gitplug')).toEqual(['install ']);

    fs.writeFileSync(path.join(repo, 'NEW'), 'x\n');
    await execa('git', ['add', 'NEW'], { cwd: repo });
    await execa('git', ['commit', '-qm', 'second'], { cwd: repo, env: gitEnv });
    const up = await berth(p, ['plugin:update', 'gitplug']);
    expect(up.exitCode).toBe(0);
    expect(up.stdout).toContain('Plugin (gitplug) updated');
    expect(fs.existsSync(path.join(available('gitplug'), 'NEW'))).toBe(true);
    expect(markers('gitplug')).toEqual(['install ', 'update ']);

    const un = await berth(p, ['plugin:uninstall', 'gitplug']);
    expect(un.exitCode).toBe(0);
    expect(markers('gitplug')).toEqual(['install ', 'update ', 'uninstall gitplug']);
    expect(fs.existsSync(available('gitplug')) || fs.existsSync(enabled('gitplug'))).toBe(false);
    expect((await berth(p, ['plugin:uninstall', 'gitplug'])).exitCode).not.toBe(0);
  });

  test('an incompatible berth version range or a missing dependency is refused and nothing is left', async () => {
    const r = await berth(p, ['plugin:install', source('plugn-incompatible', 'incompat')]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("Plugin 'incompat' cannot be used: it requires berth >=99.0.0");
    expect(fs.existsSync(available('incompat'))).toBe(false);

    const d = await berth(p, ['plugin:install', source('plugn-needs-dep', 'needy')]);
    expect(d.exitCode).not.toBe(0);
    expect(d.stderr).toContain('plugn-ghost');
    expect(fs.existsSync(available('needy')) || fs.existsSync(enabled('needy'))).toBe(false);

    addPlugin(p, path.join(fixtures, 'plugn-incompatible'), 'copied', false);
    const e = await berth(p, ['plugin:enable', 'copied']);
    expect(e.exitCode).not.toBe(0);
    expect(fs.existsSync(enabled('copied'))).toBe(false);
  });
});

describe('plugin:enable / plugin:disable / plugin:uninstall', () => {
  test('essential plugins are never disabled or removed', async () => {
    const r = await berth(p, ['plugin:disable', 'plugin']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("Plugin 'plugin' is essential to berth and cannot be disabled or removed");
    expect(fs.existsSync(enabled('plugin'))).toBe(true);
    addPlugin(p, path.join(fixtures, 'plugn-essential'), 'ess');
    expect((await berth(p, ['plugin:uninstall', 'ess'])).stderr).toContain('essential');
    expect(fs.existsSync(available('ess'))).toBe(true);
  });

  test('disable and enable round trip; installed answers with the exit code', async () => {
    addPlugin(p, path.join(fixtures, 'plugn-echo'), 'echo');
    expect((await berth(p, ['plugin:disable', 'echo'])).exitCode).toBe(0);
    expect(fs.existsSync(enabled('echo'))).toBe(false);
    expect((await berth(p, ['plugin:enable', 'echo'])).exitCode).toBe(0);
    expect(fs.readlinkSync(enabled('echo'))).toBe(available('echo'));
    expect((await berth(p, ['plugin:installed', 'echo'])).exitCode).toBe(0);
    expect((await berth(p, ['plugin:installed', 'ghost'])).exitCode).toBe(1);
    expect((await berth(p, ['plugin:enable', 'ghost'])).exitCode).not.toBe(0);
  });

  test('a disabled built-in is recorded so `berth install` leaves it disabled; enable forgets it', () => {
    const builtins = path.join(p.dir, 'builtins');
    fs.cpSync(path.join(fixtures, 'plugn-echo'), path.join(builtins, 'core-thing'), { recursive: true });
    const paths = pluginPathsFrom(p.pluginPath, { root: p.root, libRoot: p.libRoot, logsDir: path.join(p.libRoot, 'logs') });
    linkBuiltins(paths, builtins);
    expect(admin.isBuiltin(paths, 'core-thing', { builtinsDir: builtins })).toBe(true);
    admin.disable(paths, 'core-thing', { builtinsDir: builtins });
    expect(fs.readFileSync(path.join(p.pluginPath, '.disabled-builtins'), 'utf8')).toBe('core-thing\n');
    linkBuiltins(paths, builtins);
    expect(fs.existsSync(enabled('core-thing'))).toBe(false);
    admin.enable(paths, 'core-thing', { builtinsDir: builtins });
    expect(fs.readFileSync(path.join(p.pluginPath, '.disabled-builtins'), 'utf8')).toBe('');
    expect(() => admin.uninstall(paths, 'core-thing', { refuseBuiltin: true, builtinsDir: builtins })).toThrow(/built into berth/);
  });
});

describe('plugin:trigger and plugin:triggers', () => {
  test('raw dispatch: shared stdin, output passed through, exit code propagated', async () => {
    addPlugin(p, path.join(fixtures, 'plugn-echo'), 'a');
    addPlugin(p, path.join(fixtures, 'plugn-exit7'), 'b');
    const r = await berth(p, ['plugin:trigger', 'hello', 'x y']);
    expect([r.exitCode, r.stdout]).toEqual([7, '1:x y\nexit7 ran']);
    const s = await berth(p, ['plugin:trigger', 'readin'], { input: 'one\ntwo' });
    expect([s.exitCode, s.stdout]).toEqual([0, 'one\ntwo']);
    expect((await berth(p, ['plugin:trigger', '../x'])).exitCode).not.toBe(0);
  });

  test('lists registry entries with the plugins implementing them', async () => {
    addPlugin(p, path.join(fixtures, 'plugn-installable'), 'inst');
    const rows = JSON.parse((await berth(p, ['plugin:triggers', '--format', 'json'])).stdout) as { name: string; kind: string; implementedBy: string[]; firedBy: string[]; compat: string | null; doc: string; args: string[] }[];
    const install = rows.find((r) => r.name === 'install')!;
    expect(install).toMatchObject({ kind: 'notify', implementedBy: ['inst'] });
    expect(rows.find((r) => r.name === 'uninstall')).toMatchObject({ args: ['PLUGIN'], implementedBy: ['inst'] });
    expect(rows.every((r) => r.doc && r.kind)).toBe(true);
    expect(install).toMatchObject({ firedBy: ['bin', 'plugin'], compat: null });
    expect(rows.find((r) => r.name === 'app-create')).toMatchObject({ firedBy: [], compat: expect.stringMatching(/plugin:trigger/) });
    const text = await berth(p, ['plugin:triggers']);
    expect(text.stdout).toMatch(/^install\n.*notify.*\n\s+fired by: bin, plugin\n.*implemented by: inst$/m);
    expect(text.stdout).toMatch(/^app-create APP\n.*gate.*\n\s+compatibility entry: .+\n/m);
  });
});

describe('plugin:watch', () => {
  /** Resolves once the accumulated stdout contains `text`. */
  function waitFor(child: ReturnType<typeof execa>, text: string, seen: { out: string }): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => seen.out.includes(text) && (child.stdout!.off('data', check), resolve());
      child.stdout!.on('data', check);
      child.once('exit', () => (seen.out.includes(text) ? resolve() : reject(new Error(`exited before "${text}":\n${seen.out}`))));
      check();
    });
  }

  test('re-runs the trigger on each change and reports a broken plugin.toml, until --max-runs', async () => {
    const dir = source('plugn-watched', 'watched-dev');
    const child = execa(berthBin, ['plugin:watch', dir, '--trigger', 'hello', '--max-runs', '3', '--', 'a1'], { env: p.env, cwd: p.dir, reject: false });
    const seen = { out: '' };
    child.stdout!.on('data', (c: Buffer) => (seen.out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (seen.out += c.toString()));
    await waitFor(child, 'Watching', seen);
    expect(seen.out).toContain('watched says: first args=a1');
    expect(fs.readlinkSync(available('plugn-watched'))).toBe(dir);
    expect(fs.existsSync(enabled('plugn-watched'))).toBe(true);

    fs.writeFileSync(path.join(dir, 'message.txt'), 'second\n');
    await waitFor(child, 'watched says: second args=a1', seen);
    fs.writeFileSync(path.join(dir, 'plugin.toml'), '[plugin\nbroken');
    const r = await child;
    expect(seen.out).toContain('not valid TOML');
    expect(seen.out).toContain('still watching');
    expect(r.exitCode).toBe(1);
  });

  test('--once runs the trigger once and exits with its code', async () => {
    const dir = source('plugn-watched', 'once');
    addPlugin(p, path.join(fixtures, 'plugn-exit7'), 'zz-fail');
    const r = await berth(p, ['plugin:watch', dir, '--trigger', 'hello', '--once']);
    expect(r.exitCode).toBe(7);
    expect(r.stdout).toContain('watched says: first args=');
  });
});
