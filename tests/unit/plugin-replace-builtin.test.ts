/**
 * A community plugin takes the place of a built-in of the same name (acl here), through bin/berth
 * (needs `npm run build`): refused with the steps while the built-in is enabled, installed once it
 * is disabled, kept by `berth install`, and uninstalling it brings the built-in back with its data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { execa } from 'execa';
import { linkBuiltins } from '../../core/builtins.js';
import { pluginPathsFrom } from '../../core/paths.js';
import { berth, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';

jest.setTimeout(180_000);

const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const builtinAcl = path.join(repoRoot, 'dist', 'plugins', 'acl');

let p: TempPlatform;
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => berth(p, args, { env: { BERTH_NO_DROP: '1', ...env } });
const available = () => path.join(p.pluginPath, 'available', 'acl');
const admins = () => path.join(p.libRoot, 'config', 'acl', '--global', 'admins');
const markers = () => {
  const f = path.join(p.libRoot, 'markers', 'acl-community');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split('\n') : [];
};

/** The fixture as a git repository called dokku-acl, so the derived name is acl (Dokku drops `dokku-`). */
async function communityRepo(): Promise<string> {
  const dir = path.join(p.dir, 'src', 'dokku-acl');
  fs.cpSync(path.join(repoRoot, 'fixtures', 'plugins', 'acl-community'), dir, { recursive: true });
  for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['commit', '-qm', 'initial']]) await execa('git', args, { cwd: dir, env: gitEnv });
  return `file://${dir}`;
}

/** Only the built-ins this needs: the others' install hooks set up a host (users, nginx, images). */
const BUILTINS = ['plugin', 'acl', 'apps', 'common', 'config'];

beforeEach(() => {
  p = tempPlatform();
  for (const name of BUILTINS) {
    const dest = path.join(p.pluginPath, 'available', name);
    fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', name), dest);
    fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
  }
});
afterEach(() => p.cleanup());

test('the clash is explained and changes nothing while the built-in is enabled', async () => {
  const url = await communityRepo();
  for (const args of [[url], [url, '--name', 'acl']]) {
    const r = await run(['plugin:install', ...args]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("Plugin 'acl' is built into berth and enabled; a community plugin can take its name only while the built-in is disabled");
    expect(r.stderr).toContain("Run 'berth plugin:disable acl' and install again");
  }
  expect(fs.realpathSync(available())).toBe(fs.realpathSync(builtinAcl));
  expect(markers()).toEqual([]);
});

test('disable, install in its place, keep it across berth install, uninstall to bring the built-in back', async () => {
  expect((await run(['acl:set', '--global', 'admins', 'alice'])).exitCode).toBe(0);
  const url = await communityRepo();
  expect((await run(['apps:create', 'acl-swap'])).exitCode).toBe(0);

  expect((await run(['plugin:disable', 'acl'])).stdout).toContain('Plugin acl disabled');
  const inst = await run(['plugin:install', url, '--name', 'acl']);
  expect(inst.stderr).toBe('');
  expect(inst.stdout).toContain('-----> Plugin acl installed (git) and enabled in place of the built-in acl');
  expect(inst.stdout).toContain("The built-in's data is left in place; 'berth plugin:uninstall acl' brings the built-in back");
  expect(fs.lstatSync(available()).isDirectory()).toBe(true);
  expect(markers()).toEqual(['install']);

  // the community plugin answers acl:* and user-auth now; the built-in's grants are untouched
  expect((await run(['acl:add', 'acl-swap', 'bob'])).stdout).toContain('Granted bob access to acl-swap');
  expect(fs.existsSync(path.join(p.root, 'acl-swap', 'acl', 'bob'))).toBe(true);
  const refused = await run(['apps:list'], { NAME: 'refused-by-community-acl' });
  expect(refused.exitCode).not.toBe(0);
  expect(refused.stdout + refused.stderr).toContain('community acl: refused-by-community-acl may not run apps:list');
  expect(fs.readFileSync(admins(), 'utf8')).toBe('alice');
  const rows = JSON.parse((await run(['plugin:list', '--format', 'json'])).stdout) as { name: string; builtin: boolean; replacesBuiltin: boolean; version: string }[];
  expect(rows.find((r) => r.name === 'acl')).toMatchObject({ builtin: false, replacesBuiltin: true, version: '2.0.0' });
  expect((await run(['plugin:list'])).stdout).toMatch(/^ {2}acl +2\.0\.0 +enabled .*\(in place of the built-in\)$/m);

  // a new `berth install` links the built-ins again, but never over the replacement
  const builtins = path.join(p.dir, 'builtins');
  fs.mkdirSync(builtins);
  for (const name of BUILTINS) fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', name), path.join(builtins, name));
  linkBuiltins(pluginPathsFrom(p.pluginPath, { root: p.root, libRoot: p.libRoot, logsDir: path.join(p.libRoot, 'logs') }), builtins);
  expect(fs.lstatSync(available()).isDirectory()).toBe(true);
  expect(fs.existsSync(path.join(available(), 'user-auth'))).toBe(true);

  const again = await run(['plugin:enable', 'acl']);
  expect(again.stdout).toContain('Plugin acl is already enabled');
  expect(again.stdout).toContain("It is the community plugin installed in place of the built-in acl; 'berth plugin:uninstall acl' brings the built-in back");

  const un = await run(['plugin:uninstall', 'acl']);
  expect(un.exitCode).toBe(0);
  expect(un.stdout).toContain('-----> Plugin acl uninstalled');
  expect(un.stdout).toContain('-----> The built-in acl is back and enabled (its data was left in place)');
  expect(markers()).toEqual(['install', 'uninstall acl']);
  expect(fs.realpathSync(available())).toBe(fs.realpathSync(builtinAcl));
  expect(fs.realpathSync(path.join(p.pluginPath, 'enabled', 'acl'))).toBe(fs.realpathSync(builtinAcl));
  const report = await run(['acl:report', '--format', 'json']);
  expect(report.exitCode).toBe(0);
  expect(report.stdout).toContain('alice');
  expect(fs.existsSync(path.join(p.pluginPath, '.replaced-builtins')) ? fs.readFileSync(path.join(p.pluginPath, '.replaced-builtins'), 'utf8') : '').toBe('');
});

test('a disabled built-in comes back with plugin:enable when nothing replaced it', async () => {
  await run(['plugin:disable', 'acl']);
  const r = await run(['plugin:enable', 'acl']);
  expect(r.stdout).toContain('Plugin acl enabled');
  expect(r.stdout).not.toContain('in place of');
  expect(fs.realpathSync(path.join(p.pluginPath, 'enabled', 'acl'))).toBe(fs.realpathSync(builtinAcl));
});

test('a community plugin whose commands a built-in answers first (redis:* by datastores) waits until the built-in is disabled', async () => {
  const ds = path.join(p.pluginPath, 'available', 'datastores');
  fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', 'datastores'), ds);
  fs.symlinkSync(ds, path.join(p.pluginPath, 'enabled', 'datastores'));
  const src = path.join(p.dir, 'src', 'dokku-redis');
  fs.cpSync(path.join(repoRoot, 'fixtures', 'plugins', 'datastore-community'), src, { recursive: true });
  for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['commit', '-qm', 'initial']]) await execa('git', args, { cwd: src, env: gitEnv });

  const refused = await run(['plugin:install', `file://${src}`]);
  expect(refused.exitCode).not.toBe(0);
  expect(refused.stderr).toContain("The built-in datastores answers the redis:* commands, ahead of any plugin named 'redis'; a community plugin can provide them only while the built-in is disabled");
  expect(refused.stderr).toContain("Run 'berth plugin:disable datastores' and install again");
  expect(fs.existsSync(path.join(p.pluginPath, 'available', 'redis'))).toBe(false);

  await run(['plugin:disable', 'datastores']);
  const inst = await run(['plugin:install', `file://${src}`]);
  expect(inst.stdout).toContain('-----> Plugin redis installed (git) and enabled');
  expect((await run(['redis:list'])).stdout).toBe('=====> redis services (community)');

  const back = await run(['plugin:enable', 'datastores']);
  expect(back.stdout).toContain('Plugin datastores enabled');
  expect(back.stderr).toContain("The built-in datastores answers the redis:* commands ahead of the community plugin redis; disable one of the two ('berth plugin:disable datastores' or 'berth plugin:disable redis')");
});
