/**
 * Dokku's environment for plugins: the variables its entry point exports, the rc files it sources
 * (only exported names reach plugins) and the global flags read anywhere in argv.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { dokkuFlagEnv } from '../../cli/global-flags.js';
import { applyRc, rcExports, rootRcFiles } from '../../cli/rc-env.js';
import { fixtureDir } from '../helpers/engine-fixtures.js';
import { addPlugin, berth, tempPlatform } from '../helpers/platform.js';

jest.setTimeout(120_000);

function rcRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-rc-'));
  fs.writeFileSync(path.join(root, 'dokkurc'), 'export RC_A=from-dokkurc\nRC_PLAIN=not-exported\n');
  fs.mkdirSync(path.join(root, '.dokkurc'));
  fs.writeFileSync(path.join(root, '.dokkurc', 'b'), 'export RC_B="two words"\n');
  fs.writeFileSync(path.join(root, '.dokkurc', 'a'), 'export RC_ORDER=a\n');
  fs.mkdirSync(path.join(root, '.berthrc'));
  fs.writeFileSync(path.join(root, '.berthrc', 'z'), 'export RC_A=from-berthrc\nexport RC_ORDER="$RC_ORDER,z"\n');
  return root;
}

describe('rc files', () => {
  test("Dokku's order (dokkurc, .dokkurc/*, then berth's names), exported names only", () => {
    const root = rcRoot();
    try {
      const files = rootRcFiles(root);
      expect(files.map((f) => path.relative(root, f))).toEqual(['dokkurc', '.dokkurc/a', '.dokkurc/b', '.berthrc/z']);
      const env = { PATH: process.env.PATH, HOME: root };
      expect(rcExports(files, env)).toEqual({ RC_A: 'from-berthrc', RC_B: 'two words', RC_ORDER: 'a,z' });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('no file, no shell: an empty result; the same files are sourced once per process', () => {
    expect(rcExports(['/nonexistent/dokkurc', '/nonexistent/.dokkurc/x'])).toEqual({});
    const root = rcRoot();
    try {
      const files = rootRcFiles(root);
      const env = { PATH: process.env.PATH };
      const first = rcExports(files, env);
      fs.writeFileSync(path.join(root, 'dokkurc'), 'export RC_A=changed\n');
      expect(rcExports(files, env)).toBe(first);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('an unreadable rc file is an error naming it; a failing one too', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-rc-'));
    try {
      fs.mkdirSync(path.join(root, '.dokkurc'));
      fs.writeFileSync(path.join(root, '.dokkurc', 'bad'), 'return 3\n');
      expect(() => rcExports(rootRcFiles(root), { PATH: process.env.PATH })).toThrow(/Sourcing .*\.dokkurc\/bad failed/);
      const dir = path.join(root, '.dokkurc', 'sub');
      fs.mkdirSync(dir, { mode: 0o000 });
      if (process.getuid?.() !== 0) expect(() => rcExports([dir])).toThrow(`Unable to read ${dir} for sourcing`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('applyRc merges the exports into the environment in-process plugins read', () => {
    const root = rcRoot();
    try {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, KEEP: '1' };
      applyRc(rootRcFiles(root), env);
      expect(env).toMatchObject({ KEEP: '1', RC_A: 'from-berthrc', RC_B: 'two words' });
      expect(env.RC_PLAIN).toBeUndefined();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('global flags anywhere in argv', () => {
  test('trailing flags count; --app takes its value; every --x lands in DOKKU_GLOBAL_FLAGS', () => {
    expect(dokkuFlagEnv(['postgres:destroy', 'db', '--force', '--no-restart'], {})).toEqual({
      DOKKU_APPS_FORCE_DELETE: '1',
      DOKKU_GLOBAL_FLAGS: '--force --no-restart',
    });
    expect(dokkuFlagEnv(['--quiet', 'x:y', '--app', 'demo', '--trace'], {})).toEqual({
      DOKKU_QUIET_OUTPUT: '1',
      DOKKU_TRACE: '1',
      DOKKU_APP_NAME: 'demo',
      DOKKU_GLOBAL_FLAGS: '--quiet --app --trace',
    });
  });

  test("an outer call's DOKKU_GLOBAL_FLAGS is inherited by nested calls", () => {
    expect(dokkuFlagEnv(['docker-options:add', 'a', 'deploy', '--link x:y'], { DOKKU_GLOBAL_FLAGS: '--no-restart' }).DOKKU_GLOBAL_FLAGS).toBe('--no-restart');
  });
});

test("a shell plugin gets Dokku's variables, the rc exports and the flags from anywhere in argv", async () => {
  const p = tempPlatform({ builtins: true });
  try {
    addPlugin(p, fixtureDir('dokku-lib'));
    fs.mkdirSync(path.join(p.root, '.dokkurc'));
    fs.writeFileSync(path.join(p.root, '.dokkurc', 'acl'), 'export DOKKU_SUPER_USER=admin\nHIDDEN=1\n');
    fs.writeFileSync(path.join(p.root, 'berthrc'), 'export BERTH_RC_SEEN=yes\n');
    const names = ['DOKKU_ROOT', 'DOKKU_LIB_ROOT', 'PLUGIN_CORE_AVAILABLE_PATH', 'PLUGIN_ENABLED_PATH', 'DOKKU_API_VERSION', 'DOKKU_NOT_IMPLEMENTED_EXIT',
      'DOKKU_VALID_EXIT', 'DOCKER_BIN', 'DOKKU_SYSTEM_USER', 'DOKKU_PID', 'DOKKU_LOGS_DIR', 'DOKKU_EVENTS_LOGFILE', 'DOKKU_SUPER_USER', 'HIDDEN', 'BERTH_RC_SEEN',
      'DOKKU_APPS_FORCE_DELETE', 'DOKKU_GLOBAL_FLAGS', 'SSH_NAME'];
    const r = await berth(p, ['dokku-lib:env', ...names, '--force']);
    expect(r.exitCode).toBe(0);
    const got = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(got).toMatchObject({
      DOKKU_ROOT: p.root,
      DOKKU_LIB_ROOT: p.libRoot,
      PLUGIN_CORE_AVAILABLE_PATH: path.join(p.pluginPath, 'available'),
      PLUGIN_ENABLED_PATH: path.join(p.pluginPath, 'enabled'),
      DOKKU_API_VERSION: '1',
      DOKKU_NOT_IMPLEMENTED_EXIT: '10',
      DOKKU_VALID_EXIT: '0',
      DOCKER_BIN: 'docker',
      DOKKU_SYSTEM_USER: 'berth',
      DOKKU_LOGS_DIR: path.join(p.libRoot, 'logs'),
      DOKKU_EVENTS_LOGFILE: path.join(p.libRoot, 'logs', 'events.log'),
      DOKKU_SUPER_USER: 'admin',
      HIDDEN: '',
      BERTH_RC_SEEN: 'yes',
      DOKKU_APPS_FORCE_DELETE: '1',
      DOKKU_GLOBAL_FLAGS: '--force',
      SSH_NAME: 'default',
    });
    expect(got.DOKKU_PID).toMatch(/^\d+$/);
  } finally {
    p.cleanup();
  }
});

test("BERTH_DOKKU_COMPAT makes Dokku's user and roots the defaults; explicit roots still win", async () => {
  const { resolvePaths } = await import('../../core/paths.js');
  const { platformUserName } = await import('../../core/system-user.js');
  expect(resolvePaths({ BERTH_DOKKU_COMPAT: '1' })).toMatchObject({ root: '/home/dokku', libRoot: '/var/lib/dokku', pluginPath: '/var/lib/dokku/plugins' });
  expect(platformUserName({ BERTH_DOKKU_COMPAT: 'true' })).toBe('dokku');
  expect(resolvePaths({ BERTH_DOKKU_COMPAT: '1', BERTH_ROOT: '/srv/x' }).root).toBe('/srv/x');
  expect(resolvePaths({})).toMatchObject({ root: '/home/berth', libRoot: '/var/lib/berth' });
  expect(platformUserName({})).toBe('berth');
});
