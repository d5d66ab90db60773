/**
 * Black-box checks of bin/plugn against plugn-contract.md §9 items 1–25 (plus §2–§6 details).
 * Needs `npm run build` first.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { jest } from '@jest/globals';
import { execa } from 'execa';
import { addPlugin, plugn, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';

const fixtures = path.join(repoRoot, 'fixtures', 'plugins');
const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;
const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

// Each case spawns the CLI a few times; on a loaded 2-core host one spawn can take seconds.
jest.setTimeout(120_000);

let p: TempPlatform;
beforeEach(() => {
  p = tempPlatform();
});
afterEach(() => p.cleanup());

const add = (fixture: string, name = fixture, enable = true) => addPlugin(p, path.join(fixtures, fixture), name, enable);
const available = (n: string) => path.join(p.pluginPath, 'available', n);
const enabled = (n: string) => path.join(p.pluginPath, 'enabled', n);
const lines = (s: string) => s.split('\n').filter((l) => l !== '');

async function gitRepo(dir: string, fixture: string): Promise<string> {
  fs.cpSync(path.join(fixtures, fixture), dir, { recursive: true, verbatimSymlinks: true });
  const git = (...args: string[]) => execa('git', args, { cwd: dir, env: gitEnv });
  await git('init', '-q', '-b', 'main');
  await git('add', '.');
  await git('commit', '-qm', 'initial');
  return dir;
}

describe('startup and dispatcher (§2, §3)', () => {
  test('1: PLUGIN_PATH unset → message on stdout, exit 2', async () => {
    const r = await plugn(p, ['list'], { env: { PLUGIN_PATH: undefined } });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('!! PLUGIN_PATH is not set in environment');
  });

  test('2: version, --version and -v need no PLUGIN_PATH', async () => {
    for (const v of ['version', '--version', '-v']) {
      const r = await plugn(p, [v], { env: { PLUGIN_PATH: undefined } });
      expect([r.exitCode, r.stdout]).toEqual([0, `plugn: ${version}`]);
    }
  });

  test('3: unknown verbs (and --help) print the listing on stdout, exit 2', async () => {
    for (const verb of ['bogus', '--help', 'tr.gger', '_source', 'config-get', 'toml-get']) {
      const r = await plugn(p, [verb, 'echo', 'X']);
      expect(r.exitCode).toBe(2);
      expect(r.stdout.split('\n')[0]).toBe(`No such command: ${verb}`);
      expect(r.stdout).toContain('Available commands:');
      expect(r.stdout).not.toContain('X\n');
    }
  });

  test('3: no args and help print the sorted listing with plugn row format', async () => {
    const r = await plugn(p, []);
    expect(r.exitCode).toBe(0);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('');
    expect(out[1]).toBe('Available commands:');
    expect(out).toContain(`  ${'trigger'.padEnd(28)} Triggers hook in enabled plugins`);
    const names = out.slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/)[0]);
    expect(names).toEqual(['config', 'disable', 'enable', 'help', 'init', 'install', 'list', 'source', 'trigger', 'uninstall', 'update', 'version']);
    expect((await plugn(p, ['help'])).stdout).toBe(r.stdout);
  });

  test('help <verb> prints placeholders and the description', async () => {
    const r = await plugn(p, ['help', 'install']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('install <url> <name> \n  Install a new plugin from a Git URL\n');
  });

  test('4: config alone lists export/get/set; config nope exits 2', async () => {
    const r = await plugn(p, ['config']);
    expect(r.exitCode).toBe(0);
    expect(lines(r.stdout)).toEqual([
      'Plugin configuration',
      'Available commands:',
      `  ${'export'.padEnd(28)} Export plugin configuration`,
      `  ${'get'.padEnd(28)} Get plugin configuration`,
      `  ${'set'.padEnd(28)} Set plugin configuration`,
    ]);
    const bad = await plugn(p, ['config', 'nope']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout.split('\n')[0]).toBe('No such command: nope');
  });

  test('23: gateway, trigger-gateway and reload-gateway are unknown verbs', async () => {
    for (const verb of ['gateway', 'trigger-gateway', 'reload-gateway']) expect((await plugn(p, [verb])).exitCode).toBe(2);
  });

  test('.plugn in the cwd overrides PLUGIN_PATH, trailing newline trimmed; empty means the cwd', async () => {
    const other = path.join(p.dir, 'other pp');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(p.dir, '.plugn'), 'other pp\n');
    const r = await plugn(p, ['init']);
    expect(r.stdout).toBe(`Initialized empty Plugn plugin path in ${other}`);
    expect(fs.existsSync(path.join(other, 'enabled'))).toBe(true);
    fs.writeFileSync(path.join(other, '.plugn'), '');
    const again = await plugn(p, ['init'], { cwd: other, env: { PLUGIN_PATH: undefined } });
    expect(again.stdout).toBe(`Initialized empty Plugn plugin path in ${other}`);
  });
});

describe('plugin management verbs (§4)', () => {
  test('5: init creates the layout, prints the message, and is repeatable without loss', async () => {
    const pp = path.join(p.dir, 'fresh');
    const r = await plugn(p, ['init'], { env: { PLUGIN_PATH: pp } });
    expect([r.exitCode, r.stdout]).toEqual([0, `Initialized empty Plugn plugin path in ${pp}`]);
    expect(fs.readFileSync(path.join(pp, 'config.toml'), 'utf8')).toBe('');
    expect(fs.statSync(path.join(pp, 'available')).isDirectory() && fs.statSync(path.join(pp, 'enabled')).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(pp, 'config.toml'), '[x]\n  k = "v"\n');
    fs.mkdirSync(path.join(pp, 'available', 'kept'));
    expect((await plugn(p, ['init'], { env: { PLUGIN_PATH: pp } })).exitCode).toBe(0);
    expect(fs.readFileSync(path.join(pp, 'config.toml'), 'utf8')).toBe('[x]\n  k = "v"\n');
    expect(fs.existsSync(path.join(pp, 'available', 'kept'))).toBe(true);
  });

  test('6, 7: enable links into available/, disable removes the link; list follows', async () => {
    add('plugn-echo', 'a', false);
    expect((await plugn(p, ['enable', 'a'])).exitCode).toBe(0);
    expect(fs.readlinkSync(enabled('a'))).toBe(`${p.pluginPath}/available/a`);
    expect((await plugn(p, ['list'])).stdout).toBe(`  ${'a'.padEnd(20)} 0.1.0 ${'enabled'.padEnd(10)} Echoes its arguments (plugn tests)`);
    expect((await plugn(p, ['disable', 'a'])).exitCode).toBe(0);
    expect(fs.existsSync(enabled('a'))).toBe(false);
    expect((await plugn(p, ['list'])).stdout).toContain(`0.1.0 ${'disabled'.padEnd(10)} Echoes`);
    const again = await plugn(p, ['disable', 'a']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).not.toBe('');
  });

  test('list: byte order, <nil> for missing keys, 1.0 prints as 1, no plugin.toml gives empty fields', async () => {
    add('plugn-noconfig', 'b-noconfig');
    add('plugn-notoml', 'a-notoml', false);
    fs.mkdirSync(available('c-nokeys'));
    fs.writeFileSync(path.join(available('c-nokeys'), 'plugin.toml'), '[plugin]\n');
    fs.mkdirSync(available('.hidden'));
    const r = await plugn(p, ['list']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')).toEqual([
      `  ${'a-notoml'.padEnd(20)} ${''.padEnd(5)} ${'disabled'.padEnd(10)} `,
      `  ${'b-noconfig'.padEnd(20)} ${'1'.padEnd(5)} ${'enabled'.padEnd(10)} No [plugin.config] table`,
      `  ${'c-nokeys'.padEnd(20)} <nil> ${'disabled'.padEnd(10)} <nil>`,
    ]);
  });

  test('list with no available/ prints nothing', async () => {
    fs.rmSync(path.join(p.pluginPath, 'available'), { recursive: true });
    expect(await plugn(p, ['list'])).toMatchObject({ exitCode: 0, stdout: '' });
  });

  test('20: install from a local git repo clones without enabling; reinstall checks the URL', async () => {
    const repo = await gitRepo(path.join(p.dir, 'src', 'myplug.git'), 'plugn-echo');
    const r = await plugn(p, ['install', repo]);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(fs.existsSync(path.join(available('myplug'), '.git'))).toBe(true);
    expect(fs.existsSync(path.join(available('myplug'), 'hello'))).toBe(true);
    expect(fs.existsSync(enabled('myplug'))).toBe(false);

    const same = await plugn(p, ['install', repo]);
    expect([same.exitCode, same.stderr]).toEqual([0, "Plugin 'myplug' is already installed."]);

    const other = await gitRepo(path.join(p.dir, 'elsewhere', 'myplug'), 'plugn-echo');
    const diff = await plugn(p, ['install', other]);
    expect(diff.exitCode).toBe(1);
    expect(diff.stderr).toBe("Plugin 'myplug' is already installed, but with a different url. To install anyway, uninstall it first.");

    fs.mkdirSync(available('plain'));
    const notGit = await plugn(p, ['install', other, 'plain']);
    expect([notGit.exitCode, notGit.stderr]).toEqual([1, 'plain is already installed, but it does not seem to be a git repository']);
  });

  test('install: a failing clone returns git’s exit code and leaves nothing behind', async () => {
    const r = await plugn(p, ['install', path.join(p.dir, 'no-such-repo.git')]);
    expect(r.exitCode).toBe(128);
    expect(fs.readdirSync(path.join(p.pluginPath, 'available'))).toEqual([]);
  });

  test('install: a .tar.gz with one top-level directory is lifted into available/<name>', async () => {
    const src = path.join(p.dir, 'pkg');
    fs.cpSync(path.join(fixtures, 'plugn-echo'), path.join(src, 'top'), { recursive: true });
    const tarball = path.join(p.dir, 'tarred.v1.tar.gz');
    await execa('tar', ['-czf', tarball, '-C', src, 'top']);
    const r = await plugn(p, ['install', tarball]);
    expect(r.exitCode).toBe(0);
    expect(fs.statSync(path.join(available('tarred'), 'hello')).mode & 0o111).not.toBe(0);
    const missing = await plugn(p, ['install', path.join(p.dir, 'nope.tgz')]);
    expect(missing.exitCode).not.toBe(0);
    expect(fs.existsSync(available('nope'))).toBe(false);
  });

  test('install: an http tarball is downloaded (no curl or wget needed); HTTP errors exit 2', async () => {
    const src = path.join(p.dir, 'pkg');
    fs.cpSync(path.join(fixtures, 'plugn-echo'), src, { recursive: true });
    const tarball = path.join(p.dir, 'flat.tgz');
    await execa('tar', ['-czf', tarball, '-C', src, '.']);
    const server = http.createServer((req, res) => {
      if (req.url === '/dl/webplug.v2.tar.gz') res.end(fs.readFileSync(tarball));
      else (res.statusCode = 404), res.end('missing');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dl`;
    try {
      expect((await plugn(p, ['install', `${base}/webplug.v2.tar.gz`])).exitCode).toBe(0);
      expect(fs.existsSync(path.join(available('webplug'), 'hello'))).toBe(true);
      expect(fs.existsSync(enabled('webplug'))).toBe(false);
      const missing = await plugn(p, ['install', `${base}/gone.tar.gz`]);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toContain('HTTP 404');
      expect(fs.existsSync(available('gone'))).toBe(false);
    } finally {
      server.close();
    }
  });

  test('21: uninstall removes available/ and enabled/ entries; unknown names exit 0', async () => {
    add('plugn-echo', 'p1');
    expect((await plugn(p, ['uninstall', 'p1'])).exitCode).toBe(0);
    expect(fs.existsSync(available('p1')) || fs.existsSync(enabled('p1'))).toBe(false);
    expect((await plugn(p, ['uninstall', 'ghost'])).exitCode).toBe(0);
  });

  test('22: uninstall without a valid name deletes nothing; enable is idempotent; enable ghost fails', async () => {
    add('plugn-echo', 'x', false);
    for (const args of [['uninstall'], ['uninstall', ''], ['uninstall', '.'], ['uninstall', '..'], ['uninstall', 'a/b']]) {
      const r = await plugn(p, args);
      expect(r.exitCode).not.toBe(0);
    }
    expect(fs.existsSync(available('x'))).toBe(true);
    expect(fs.existsSync(path.join(p.pluginPath, 'enabled'))).toBe(true);
    expect((await plugn(p, ['enable', 'x'])).exitCode).toBe(0);
    expect((await plugn(p, ['enable', 'x'])).exitCode).toBe(0);
    expect(fs.readlinkSync(enabled('x'))).toBe(available('x'));
    expect(fs.existsSync(path.join(available('x'), 'x'))).toBe(false);
    expect((await plugn(p, ['enable', 'ghost'])).exitCode).not.toBe(0);
    expect(fs.existsSync(enabled('ghost'))).toBe(false);
    expect((await plugn(p, ['enable'])).exitCode).not.toBe(0);
  });

  test('update: pulls, pins to a committish, reports pinned and unmanaged plugins', async () => {
    const repo = await gitRepo(path.join(p.dir, 'src', 'up'), 'plugn-echo');
    await execa('git', ['tag', 'v1'], { cwd: repo });
    expect((await plugn(p, ['install', repo])).exitCode).toBe(0);
    fs.writeFileSync(path.join(repo, 'NEW'), 'new\n');
    await execa('git', ['add', 'NEW'], { cwd: repo });
    await execa('git', ['commit', '-qm', 'second'], { cwd: repo, env: gitEnv });
    expect((await plugn(p, ['update', 'up'])).stdout).toBe('Plugin (up) updated');
    expect(fs.existsSync(path.join(available('up'), 'NEW'))).toBe(true);
    expect((await plugn(p, ['update', 'up', 'v1'])).stdout).toBe('Plugin (up) updated and pinned to v1');
    expect(fs.readFileSync(path.join(available('up'), '.plugin_committish'), 'utf8')).toBe('v1\n');
    expect(fs.existsSync(path.join(available('up'), 'NEW'))).toBe(false);
    expect((await plugn(p, ['update', 'up'])).stdout).toBe('Plugin pinned to v1');
    expect(await plugn(p, ['update', 'ghost'])).toMatchObject({ exitCode: 1, stdout: 'Plugin (ghost) not installed' });
    add('plugn-echo', 'local');
    expect(await plugn(p, ['update', 'local'])).toMatchObject({ exitCode: 0, stdout: 'Plugin (local) not managed by git' });
    const gitconfig = path.join(p.dir, 'home', '.gitconfig');
    expect(fs.existsSync(gitconfig) ? fs.readFileSync(gitconfig, 'utf8') : '').not.toContain('safe');
  });

  test('source lists enabled plugins holding <name>/<name>.sh', async () => {
    add('plugn-echo', 'b');
    add('plugn-echo', 'a');
    fs.writeFileSync(path.join(available('a'), 'a.sh'), 'x=1\n', { mode: 0o644 });
    fs.mkdirSync(path.join(available('b'), 'b.sh'));
    expect((await plugn(p, ['source'])).stdout).toBe(`source ${p.pluginPath}/enabled/a/a.sh`);
  });
});

describe('trigger (§6)', () => {
  const five = ['c-dash', '_under', 'Zeta', '10_b', '00_a'];

  test('8, 10: hooks run in byte order with verbatim args; output concatenated, stderr passed through', async () => {
    for (const n of five) add('plugn-echo', n);
    const r = await plugn(p, ['trigger', 'hello', 'x y', 'z']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(Array(5).fill('2:x y z').join('\n'));
    const s = await plugn(p, ['trigger', 'streams']);
    const order = ['00_a', '10_b', 'Zeta', '_under', 'c-dash'];
    expect(s.stdout).toBe(order.map((n) => `to stdout from ${n}`).join('\n'));
    expect(s.stderr).toBe(order.map((n) => `to stderr from ${n}`).join('\n'));
  });

  test('arguments reach hooks verbatim (empty, spaces, quotes, globs, newlines, dashes)', async () => {
    add('plugn-echo', 'a');
    const args = ['', 'a b', `"q'`, '$HOME', '*', 'l1\nl2', '-e', '--x'];
    const r = await plugn(p, ['trigger', 'hello', ...args]);
    expect(r.stdout).toBe(`${args.length}:${args.join(' ')}`);
  });

  test('9: stdin is one shared stream: the first reader takes everything', async () => {
    for (const n of five) add('plugn-echo', n);
    const r = await plugn(p, ['trigger', 'readin'], { input: 'line1\nline2' });
    expect([r.exitCode, r.stdout]).toEqual([0, 'line1\nline2']);
  });

  test('11: the first non-zero exit stops the chain and is the result', async () => {
    add('plugn-echo', 'a');
    add('plugn-exit7', 'b');
    add('plugn-echo', 'c');
    const r = await plugn(p, ['trigger', 'hello', 'q']);
    expect(r.exitCode).toBe(7);
    expect(r.stdout).toBe('1:q\nexit7 ran');
  });

  test('12: a non-executable hook is skipped with a warning, the others run', async () => {
    add('plugn-echo', 'a');
    add('plugn-noexec', 'Zeta');
    add('plugn-echo', 'b');
    const r = await plugn(p, ['trigger', 'noexec']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("Trigger 'noexec' is not executable, skipping plugin (Zeta)");
    expect(r.stdout).toBe('noexec ran in a\nnoexec ran in b');
  });

  test('13: directories and dangling links are skipped silently; a link to an executable runs', async () => {
    for (const n of ['d', 'e', 'f']) fs.mkdirSync(available(n));
    fs.mkdirSync(path.join(available('d'), 'hello'));
    fs.symlinkSync(path.join(p.dir, 'missing'), path.join(available('e'), 'hello'));
    fs.symlinkSync(path.join(fixtures, 'plugn-echo', 'hello'), path.join(available('f'), 'hello'));
    for (const n of ['d', 'e', 'f']) fs.symlinkSync(available(n), enabled(n));
    const r = await plugn(p, ['trigger', 'hello', 'w']);
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([0, '1:w', '']);
  });

  test('real directories in enabled/ work as plugins', async () => {
    fs.cpSync(path.join(fixtures, 'plugn-echo'), enabled('realdir'), { recursive: true });
    expect((await plugn(p, ['trigger', 'hello'])).stdout).toBe('0:');
  });

  test('14: unknown hook → nothing, exit 0; trigger alone → exit 1 silently; trigger "" → exit 0', async () => {
    add('plugn-echo', 'a');
    expect(await plugn(p, ['trigger', 'nohook'])).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await plugn(p, ['trigger'])).toMatchObject({ exitCode: 1, stdout: '', stderr: '' });
    expect(await plugn(p, ['trigger', ''])).toMatchObject({ exitCode: 0, stdout: '' });
  });

  test('15, 16: $0 is the literal enabled/ path; hooks see PLUGIN_PATH, PLUGN_VERSION, caller env and cwd', async () => {
    add('plugn-echo', 'a');
    add('plugn-shared', 'shared');
    const cwd = path.join(p.dir, 'work dir');
    fs.mkdirSync(cwd);
    const r = await plugn(p, ['trigger', 'showenv'], { cwd, env: { CALLER_VAR: 'from caller' } });
    const out = lines(r.stdout);
    expect(out).toContain(`0=${p.pluginPath}/enabled/a/showenv`);
    expect(out).toContain(`PWD=${cwd}`);
    expect(out).toContain(`PLUGIN_PATH=${p.pluginPath}`);
    expect(out).toContain(`PLUGN_VERSION=${version}`);
    expect(out).toContain('CALLER_VAR=from caller');
    expect(out).toContain('DOKKU_ROOT=unset');
    expect((await plugn(p, ['trigger', 'hook-a'])).stdout).toBe('shared as hook-a');
    expect((await plugn(p, ['trigger', 'hook-b'])).stdout).toBe('shared as hook-b');
  });

  test('17, 18: config set/get round trip and CONFIG_* with environment override', async () => {
    add('plugn-c-dash', 'c-dash');
    expect((await plugn(p, ['config', 'set', 'c-dash', 'my-key', 'v1'])).exitCode).toBe(0);
    const toml = fs.readFileSync(path.join(p.pluginPath, 'config.toml'), 'utf8');
    expect(toml).toContain('[c-dash]');
    expect(toml).toContain('my-key = "v1"');
    expect((await plugn(p, ['config', 'get', 'c-dash', 'my-key'])).stdout).toBe('v1');
    expect((await plugn(p, ['config', 'get', 'c-dash', 'nokey'])).stdout).toBe('<nil>');
    expect((await plugn(p, ['trigger', 'showconfig'])).stdout).toBe('CONFIG_MY_KEY=v1');
    expect((await plugn(p, ['trigger', 'showconfig'], { env: { C_DASH_MY_KEY: 'override' } })).stdout).toBe('CONFIG_MY_KEY=override');
    expect((await plugn(p, ['trigger', 'showconfig'], { env: { C_DASH_MY_KEY: '' } })).stdout).toBe('CONFIG_MY_KEY=v1');
  });

  test('config set stores -n, -e and shell syntax verbatim; export escapes; missing plugin.toml fails', async () => {
    add('plugn-c-dash', 'c-dash');
    for (const v of ['-n', '-e', 'a"b$(x)`y`\\z']) {
      expect(await plugn(p, ['config', 'set', 'c-dash', 'my-key', v])).toMatchObject({ exitCode: 0, stderr: '' });
      expect((await plugn(p, ['config', 'get', 'c-dash', 'my-key'])).stdout).toBe(v);
      expect((await plugn(p, ['trigger', 'showconfig'])).stdout).toBe(`CONFIG_MY_KEY=${v}`);
    }
    const exp = await plugn(p, ['config', 'export', 'c-dash']);
    expect(exp.stdout).toBe('export CONFIG_MY_KEY="${C_DASH_MY_KEY:-"a\\"b\\$(x)\\`y\\`\\\\z"}"');
    const missing = await plugn(p, ['config', 'export', 'ghost']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('no such file or directory');
    fs.rmSync(path.join(p.pluginPath, 'config.toml'));
    expect((await plugn(p, ['config', 'set', 'c-dash', 'my-key', 'v'])).exitCode).toBe(1);
  });

  test('19: plugins without [plugin.config] or without plugin.toml still run their hooks', async () => {
    add('plugn-noconfig', 'a');
    add('plugn-notoml', 'b');
    const r = await plugn(p, ['trigger', 'hello']);
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([0, 'noconfig hello\nnotoml hello', '']);
  });

  test('an executable without a shebang runs through bash', async () => {
    add('plugn-noshebang', 'a');
    expect((await plugn(p, ['trigger', 'hello', '1', '2'])).stdout).toBe('no shebang: 2');
  });

  test('24: hook names with "..", "/" are refused and nothing runs', async () => {
    add('plugn-echo', 'a');
    const marker = path.join(p.dir, 'ran');
    fs.writeFileSync(path.join(p.pluginPath, 'x'), `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    for (const hook of ['../../x', '../x', '..', '.', 'a/b']) {
      const r = await plugn(p, ['trigger', hook]);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain('Invalid hook name');
    }
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('25: environment passes through byte-for-byte, any variable name', async () => {
    add('plugn-echo', 'a');
    const r = await plugn(p, ['trigger', 'showenv'], { env: { TAB_VAR: 'a\\tb\\\\c', 'A-B': 'dash value' } });
    const out = lines(r.stdout);
    expect(out).toContain('TAB_VAR=a\\tb\\\\c');
    expect(out).toContain('A-B=dash value');
    expect(r.stderr).toBe('');
  });

  test('a PLUGIN_PATH with spaces works', async () => {
    const pp = path.join(p.dir, 'with space', 'pp');
    await plugn(p, ['init'], { env: { PLUGIN_PATH: pp } });
    fs.cpSync(path.join(fixtures, 'plugn-echo'), path.join(pp, 'available', 'a'), { recursive: true });
    expect((await plugn(p, ['enable', 'a'], { env: { PLUGIN_PATH: pp } })).exitCode).toBe(0);
    expect((await plugn(p, ['trigger', 'hello', 'ok'], { env: { PLUGIN_PATH: pp } })).stdout).toBe('1:ok');
  });
});
