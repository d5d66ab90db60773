/**
 * Dokku's core shell library as community plugins use it: fixtures/plugins/dokku-lib sources every
 * library file by the paths Dokku plugins use and runs their functions through bin/berth against a
 * temp platform with the built-in plugins (needs `npm run build`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { fixtureDir } from '../helpers/engine-fixtures.js';
import { addPlugin, berth, tempPlatform, type TempPlatform } from '../helpers/platform.js';

jest.setTimeout(120_000);

interface Call {
  fn: string;
  out: string[];
  err: string[];
  rc: number;
}

/** Runs `dokku-lib:calls` once for many calls (one berth process) and parses its report. */
async function calls(p: TempPlatform, groups: string[][], env: NodeJS.ProcessEnv = {}): Promise<Call[]> {
  const args = groups.flatMap((g, i) => (i ? [':::', ...g] : g));
  const r = await berth(p, ['dokku-lib:calls', ...args], { env });
  if (r.exitCode !== 0) throw new Error(`dokku-lib:calls failed (${r.exitCode}): ${r.stderr}`);
  const out: Call[] = [];
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('>>> ')) out.push({ fn: line.slice(4), out: [], err: [], rc: -1 });
    else if (line.startsWith('out: ')) out.at(-1)!.out.push(line.slice(5));
    else if (line === 'out:') out.at(-1)!.out.push('');
    else if (line.startsWith('err: ')) out.at(-1)!.err.push(line.slice(5));
    else if (line.startsWith('rc: ')) out.at(-1)!.rc = Number(line.slice(4));
  }
  expect(out.map((c) => c.fn)).toEqual(groups.map((g) => g[0]));
  return out;
}

let p: TempPlatform;
beforeAll(async () => {
  p = tempPlatform({ builtins: true });
  addPlugin(p, fixtureDir('dokku-lib'));
  const r = await berth(p, ['apps:create', 'demo']);
  expect(r.exitCode).toBe(0);
});
afterAll(() => p.cleanup());

test('every library sources under set -eo pipefail from PLUGIN_CORE_AVAILABLE_PATH, PLUGIN_AVAILABLE_PATH and PLUGIN_ENABLED_PATH', async () => {
  for (const lib of ['common/functions', 'common/property-functions', 'config/functions', 'nginx-vhosts/functions', 'nginx-vhosts/internal-functions', 'certs/functions', 'domains/functions', 'ps/functions'])
    for (const tree of ['available', 'enabled']) expect(fs.existsSync(path.join(p.pluginPath, tree, lib))).toBe(true);
  const [c] = await calls(p, [['fn-in-array', 'b', 'a', 'b']]);
  expect(c).toEqual({ fn: 'fn-in-array', out: [], err: [], rc: 0 });
});

test("log formatters: Dokku's prefixes, stderr for warn/fail, the quiet rule, fail's exit code", async () => {
  const loud = await calls(p, [
    ['dokku_log_info1', 'one', 'two'],
    ['dokku_log_info2', 'x'],
    ['dokku_log_verbose', 'v'],
    ['dokku_log_exclaim', 'e'],
    ['dokku_log_warn', 'w'],
    ['dokku_log_fail', 'f'],
    ['dokku_log_info1_quiet', 'q'],
    ['dokku_col_log_msg', 'a', 'b'],
    ['dokku_col_log_info1_quiet', 'k', 'v'],
  ]);
  expect(loud.map((c) => [c.out, c.err, c.rc])).toEqual([
    [['-----> one two'], [], 0],
    [['=====> x'], [], 0],
    [['       v'], [], 0],
    [[' !     e'], [], 0],
    [[], [' !     w'], 0],
    [[], [' !     f'], 1],
    [['-----> q'], [], 0],
    [[`${'a'.padEnd(25)} ${'b'.padEnd(25)} ${''.padEnd(25)} ${''.padEnd(25)}`], [], 0],
    [[`${'----->'} ${'k'.padEnd(18)} ${'v'.padEnd(25)} ${''.padEnd(25)} ${''.padEnd(25)}`], [], 0],
  ]);
  const quiet = await calls(p, [['dokku_log_info1_quiet', 'q'], ['dokku_log_verbose_quiet', 'q'], ['dokku_log_info1', 'loud'], ['dokku_log_fail', 'x']], { DOKKU_FAIL_EXIT_CODE: '7' });
  expect(quiet.map((c) => c.rc)).toEqual([0, 0, 0, 7]);
  const flagged = await berth(p, ['--quiet', 'dokku-lib:calls', 'dokku_log_info2_quiet', 'hidden', ':::', 'dokku_log_info2', 'shown']);
  expect(flagged.stdout).not.toContain('hidden');
  expect(flagged.stdout).toContain('out: =====> shown');
});

test('verify_app_name: an existing app passes; a missing or invalid one fails with "App X does not exist", exit 20', async () => {
  const r = await calls(p, [['verify_app_name', 'demo'], ['verify_app_name', 'nope'], ['verify_app_name', '../etc'], ['verify_app_name', '']]);
  expect(r.map((c) => [c.rc, c.err])).toEqual([
    [0, []],
    [20, [' !     App nope does not exist']],
    [20, [' !     App ../etc does not exist']],
    [1, [' !     Please specify an app to run the command on']],
  ]);
});

test('dokku_apps, is_deployed, get_app_scheduler, container ids and types come from the platform', async () => {
  const dir = path.join(p.root, 'demo');
  fs.writeFileSync(path.join(dir, 'CONTAINER.web.1'), 'cid-web-1');
  fs.writeFileSync(path.join(dir, 'CONTAINER.web.2'), 'cid-web-2');
  fs.writeFileSync(path.join(dir, 'CONTAINER.worker.1'), 'cid-worker-1');
  try {
    const r = await calls(p, [
      ['dokku_apps'],
      ['get_app_scheduler', 'demo'],
      ['is_deployed', 'demo'],
      ['get_app_container_ids', 'demo'],
      ['get_app_container_ids', 'demo', 'web'],
      ['get_app_container_ids', 'demo', 'worker.1'],
      ['get_app_image_repo', 'demo'],
      ['get_running_image_tag', 'demo'],
    ]);
    expect(r.map((c) => [c.out.join('\n'), c.rc])).toEqual([
      ['demo', 0],
      ['docker-local', 0],
      ['', 1],
      ['cid-web-1 cid-web-2 cid-worker-1', 0],
      ['cid-web-1 cid-web-2', 0],
      ['cid-worker-1', 0],
      ['berth/demo', 0],
      ['latest', 0],
    ]);
  } finally {
    for (const f of ['CONTAINER.web.1', 'CONTAINER.web.2', 'CONTAINER.worker.1']) fs.rmSync(path.join(dir, f));
  }
});

test('get_deploying_app_image_name asks deployed-app-repository and deployed-app-image-repo, as Dokku does', async () => {
  addPlugin(p, fixtureDir('image-registry'));
  try {
    const env = { DOCKER_BIN: 'true' };
    const [local] = await calls(p, [['get_deploying_app_image_name', 'demo', 'v2']], env);
    const [moved] = await calls(p, [['get_deploying_app_image_name', 'demo', 'v2']], { ...env, IMAGE_REGISTRY: 'registry.example.com' });
    const [missing] = await calls(p, [['get_deploying_app_image_name', 'demo', 'v2']], { DOCKER_BIN: 'false' });
    expect([local!.out, local!.rc]).toEqual([['berth/demo:v2'], 0]);
    expect([moved!.out, moved!.rc]).toEqual([['registry.example.com/team/demo:v2'], 0]);
    expect([missing!.err.join('\n'), missing!.rc]).toEqual([expect.stringContaining('App image (berth/demo:v2) not found'), 1]);
  } finally {
    fs.rmSync(path.join(p.pluginPath, 'enabled', 'image-registry'));
  }
});

test('helpers: fn-in-array, is_number, is_abs_path, list helpers, suppress_output, has_tty, dokku_version', async () => {
  const r = await calls(
    p,
    [
      ['fn-in-array', 'z', 'a', 'b'],
      ['is_number', '42'],
      ['is_number', '4x'],
      ['is_abs_path', '/x'],
      ['is_abs_path', 'x'],
      ['is_val_in_list', 'b', 'a,b,c'],
      ['is_val_in_list', 'd', 'a b c', ' '],
      ['remove_val_from_list', 'b', 'a,b,c'],
      ['add_val_to_list', 'd', 'a,b'],
      ['merge_dedupe_list', 'b,a,b,c'],
      ['suppress_output', 'echo', 'hidden'],
      ['suppress_output', 'ls', '/no/such/dir'],
      ['has_tty'],
      ['dokku_version'],
      ['strip_inline_comments', 'value # note'],
    ],
    { DOKKU_FORCE_TTY: 'true' },
  );
  expect(r.map((c) => c.rc)).toEqual([1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]);
  expect(r[5].out).toEqual(['true']);
  expect(r[6].out).toEqual(['false']);
  expect(r[7].out).toEqual(['a,c']);
  expect(r[8].out).toEqual(['a,b,d']);
  expect(r[9].out).toEqual(['a b c']);
  expect(r[10].out).toEqual([]);
  expect(r[11].out.join('\n')).toContain('/no/such/dir');
  expect(r[13].out[0]).toMatch(/^dokku version \S+$/);
  expect(r[14].out).toEqual(['value']);
  const noTty = await calls(p, [['has_tty']], { DOKKU_DISABLE_TTY: 'true' });
  expect(noTty[0].rc).toBe(1);
});

test("parse_args reads every argument like Dokku's: flags anywhere, --app's value, DOKKU_GLOBAL_FLAGS", async () => {
  const r = await berth(p, ['dokku-lib:argv', 'svc', '--no-restart', '--app', 'demo', '--force']);
  expect(r.stdout.trim()).toBe('quiet= force=1 app=demo flags=--no-restart --app --force');
});

test("fn-plugin-property-*: Dokku's calls over berth's store, in the same files PropertyStore reads", async () => {
  const { PropertyStore } = await import('../../core/properties.js');
  const r = await calls(p, [
    ['fn-plugin-property-setup', 'libtest'],
    ['fn-plugin-property-write', 'libtest', 'demo', 'email', 'a@b.c'],
    ['fn-plugin-property-write', 'libtest', 'demo', 'server', 'staging'],
    ['fn-plugin-property-get', 'libtest', 'demo', 'email'],
    ['fn-plugin-property-get-default', 'libtest', 'demo', 'missing', 'dflt'],
    ['fn-plugin-property-exists', 'libtest', 'demo', 'email'],
    ['fn-plugin-property-exists', 'libtest', 'demo', 'missing'],
    ['fn-plugin-property-get-all', 'libtest', 'demo'],
    ['fn-plugin-property-get-all-by-prefix', 'libtest', 'demo', 'se'],
    ['fn-plugin-property-list-add', 'libtest', 'demo', 'users', 'bob'],
    ['fn-plugin-property-list-add', 'libtest', 'demo', 'users', 'carol'],
    ['fn-plugin-property-list-add', 'libtest', 'demo', 'users', 'alice', '1'],
    ['fn-plugin-property-list-get', 'libtest', 'demo', 'users'],
    ['fn-plugin-property-list-length', 'libtest', 'demo', 'users'],
    ['fn-plugin-property-list-get-by-index', 'libtest', 'demo', 'users', '1'],
    ['fn-plugin-property-list-get-by-index', 'libtest', 'demo', 'users', '9'],
    ['fn-plugin-property-list-get-by-value', 'libtest', 'demo', 'users', 'carol'],
    ['fn-plugin-property-list-get-by-value', 'libtest', 'demo', 'users', 'dave'],
    ['fn-plugin-property-list-set', 'libtest', 'demo', 'users', 'bobby', '1'],
    ['fn-plugin-property-list-remove', 'libtest', 'demo', 'users', 'carol'],
    ['fn-plugin-property-list-remove', 'libtest', 'demo', 'users', 'nobody'],
    ['fn-plugin-property-list-add', 'libtest', 'demo', 'users', 'bo-x'],
    ['fn-plugin-property-list-remove-by-prefix', 'libtest', 'demo', 'users', 'bo'],
    ['fn-plugin-property-clone', 'libtest', 'demo', 'demo2'],
    ['fn-plugin-property-delete', 'libtest', 'demo', 'server'],
    ['fn-plugin-property-write', 'libtest', '../x', 'k', 'v'],
  ]);
  const byIndex = (i: number) => [r[i].out, r[i].rc];
  expect(r.slice(0, 3).map((c) => c.rc)).toEqual([0, 0, 0]);
  expect(byIndex(3)).toEqual([['a@b.c'], 0]);
  expect(byIndex(4)).toEqual([['dflt'], 0]);
  expect([r[5].rc, r[6].rc]).toEqual([0, 1]);
  expect(r[7].out.sort()).toEqual(['email a@b.c', 'server staging']);
  expect(r[8].out).toEqual(['server staging']);
  expect(byIndex(12)).toEqual([['alice', 'bob', 'carol'], 0]);
  expect(byIndex(13)).toEqual([['3'], 0]);
  expect(byIndex(14)).toEqual([['bob'], 0]);
  expect(r[15].rc).toBe(1);
  expect([r[16].rc, r[17].rc]).toEqual([0, 1]);
  expect(r[20]).toMatchObject({ rc: 1, err: ['Property not found, nothing was removed'] });
  expect(r[25].rc).not.toBe(0);
  expect(fs.existsSync(path.join(p.libRoot, 'config', 'x'))).toBe(false);

  const store = new PropertyStore(p.libRoot, 'libtest');
  expect(store.get('demo', 'email')).toBe('a@b.c');
  expect(store.get('demo', 'server')).toBeUndefined();
  expect(store.getList('demo', 'users')).toEqual(['alice']);
  expect(store.get('demo2', 'server')).toBe('staging');
  // berth's own writes read back through the shell functions
  store.setList('demo', 'tags', ['t1', 't2']);
  const back = await calls(p, [['fn-plugin-property-list-get', 'libtest', 'demo', 'tags'], ['fn-plugin-property-destroy', 'libtest', '_all_']]);
  expect(back[0].out).toEqual(['t1', 't2']);
  expect(fs.existsSync(path.join(p.libRoot, 'config', 'libtest'))).toBe(false);
});

test('config, certs, domains, ps and nginx libraries answer through berth', async () => {
  const tls = path.join(p.root, 'demo', 'tls');
  const r = await calls(p, [
    ['config_set', '--no-restart', 'demo', 'LIB_KEY=lib value'],
    ['config_get', 'demo', 'LIB_KEY'],
    ['config_all', 'demo'],
    ['is_ssl_enabled', 'demo'],
    ['domains_set', 'demo', 'lib.example.com'],
    ['is_app_vhost_enabled', 'demo'],
    ['get_app_domains', 'demo'],
    ['fn-nginx-computed-access-log-path', 'demo'],
    ['fn-nginx-access-log-path', 'demo'],
    ['fn-ps-is-app-running', 'demo'],
  ]);
  expect(r.map((c) => c.rc)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  expect(r[1].out).toEqual(['lib value']);
  expect(r[2].out[0]).toBe('=====> demo env vars');
  expect(r[2].out.find((l) => l.startsWith('LIB_KEY:'))).toMatch(/^LIB_KEY:\s+lib value$/);
  expect(r[5].out).toEqual(['true']);
  expect(r[6].out).toEqual(['lib.example.com']);
  expect(r[7].out).toEqual(['/var/log/nginx/demo-access.log']);
  expect(r[8].out).toEqual([]);
  expect(r[9].out).toEqual(['false']);
  fs.mkdirSync(tls, { recursive: true });
  fs.writeFileSync(path.join(tls, 'server.crt'), 'x');
  fs.writeFileSync(path.join(tls, 'server.key'), 'x');
  try {
    expect((await calls(p, [['is_ssl_enabled', 'demo']]))[0].rc).toBe(0);
  } finally {
    fs.rmSync(tls, { recursive: true });
  }
});

test("common/common and common/prop answer Dokku's verbs by path", async () => {
  const { execa } = await import('execa');
  const dir = path.join(p.pluginPath, 'available', 'common');
  const env = { ...p.env, DOKKU_LIB_ROOT: p.libRoot, DOKKU_ROOT: p.root, PLUGIN_CORE_AVAILABLE_PATH: path.join(p.pluginPath, 'available'), PLUGIN_ENABLED_PATH: path.join(p.pluginPath, 'enabled') };
  const run = (file: string, args: string[]) => execa(path.join(dir, file), args, { env, reject: false });
  expect((await run('common', ['--quiet', 'is-valid-app-name', 'demo'])).exitCode).toBe(0);
  expect((await run('common', ['--quiet', 'is-valid-app-name', 'Bad_Name'])).exitCode).toBe(1);
  expect((await run('common', ['--quiet', 'plugn-trigger-exists', 'app-list'])).stdout).toBe('true');
  expect((await run('common', ['--quiet', 'plugn-trigger-exists', 'nobody-has-this'])).stdout).toBe('false');
  expect((await run('common', ['no-such-verb'])).exitCode).toBe(10);
  expect((await run('prop', ['set', 'proptest', 'demo', 'k', 'v'])).exitCode).toBe(0);
  expect((await run('prop', ['get', 'proptest', 'demo', 'k'])).stdout).toBe('v');
  expect((await run('prop', ['rpush', 'proptest', 'demo', 'l', 'x'])).exitCode).toBe(0);
  expect((await run('prop', ['lrange', 'proptest', 'demo', 'l'])).stdout).toBe('x');
  expect((await run('prop', ['destroy', 'proptest', '_all_'])).exitCode).toBe(0);
  expect(fs.existsSync(path.join(p.libRoot, 'config', 'proptest'))).toBe(false);
});
