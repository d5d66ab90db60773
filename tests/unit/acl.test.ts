import fs from 'node:fs';
import path from 'node:path';
import { classify, positionals, repoArgApp } from '../../plugins/acl/rules.js';
import { berth, tempPlatform, type TempPlatform } from '../helpers/platform.js';

describe('rule table', () => {
  test.each([
    ['help', [], { kind: 'open' }],
    ['version', [], { kind: 'open' }],
    ['config:help', [], { kind: 'open' }],
    ['config:set', ['--help'], { kind: 'open' }],
    ['ssh-keys:add', ['bob'], { kind: 'root-only' }],
    ['ssh-keys:remove', ['bob'], { kind: 'root-only' }],
    ['plugin:install', ['x'], { kind: 'root-only' }],
    ['plugin:disable', ['acl'], { kind: 'root-only' }],
    ['stack:build', [], { kind: 'root-only' }],
    ['acl:add', ['a', 'alice'], { kind: 'root-only' }],
    ['acl:list', ['a'], { kind: 'root-only' }],
    ['apps:create', ['a'], { kind: 'creates-app', app: 'a' }],
    ['apps:rename', ['a', 'b'], { kind: 'creates-app', app: 'a' }],
    ['apps:list', [], { kind: 'global' }],
    ['ssh-keys:list', [], { kind: 'global' }],
    ['events', ['-n', '5'], { kind: 'global' }],
    ['ps:restore', [], { kind: 'global' }],
    ['config:set', ['--global', 'A=1'], { kind: 'global-settings' }],
    ['git:set', ['--global', 'deploy-branch', 'x'], { kind: 'global-settings' }],
    ['config:set', ['--no-restart', 'a', 'K=1'], { kind: 'app', app: 'a' }],
    ['config:get', ['a', 'K'], { kind: 'app', app: 'a' }],
    ['logs', ['a', '-n', '1'], { kind: 'app', app: 'a' }],
    ['logs', ['-n', '1', 'a'], { kind: 'app', app: 'a' }],
    ['apps:report', ['--format', 'json', 'b'], { kind: 'app', app: 'b' }],
    ['apps:report', ['--format=json'], { kind: 'listing' }],
    ['ps:report', [], { kind: 'listing' }],
    ['domains', [], { kind: 'listing' }],
    ['config', [], { kind: 'app' }],
    ['proxy:build-config', ['--all'], { kind: 'app' }],
    ['git-receive-pack', ["'/a'"], { kind: 'app', app: 'a' }],
    ['git-upload-pack', ['a'], { kind: 'app', app: 'a' }],
    ['git-hook', ['a'], { kind: 'app', app: 'a' }],
    ['postgres:info', ['db'], { kind: 'service', type: 'postgres', service: 'db', adminOnly: false }],
    ['postgres:link', ['db', 'a'], { kind: 'service', type: 'postgres', service: 'db', app: 'a', adminOnly: false }],
    ['postgres:create', ['db'], { kind: 'service', type: 'postgres', service: 'db', adminOnly: true }],
    ['postgres:app-links', ['a'], { kind: 'app', app: 'a' }],
  ] as [string, string[], object][])('%s %j', (cmd, args, want) => {
    expect(classify(cmd, args)).toEqual(want);
  });

  test('the global --app flag counts only when the arguments do not already name it, as in the router', () => {
    expect(classify('config:get', ['K'], 'a')).toEqual({ kind: 'app', app: 'a' });
    expect(classify('domains:add', ['b', 'a'], 'a')).toEqual({ kind: 'app', app: 'b' });
  });

  test('service types with grants count as service namespaces', () => {
    expect(classify('couch2:info', ['x'], undefined, new Set(['couch2']))).toMatchObject({ kind: 'service', type: 'couch2' });
    expect(classify('couch2:info', ['x'])).toEqual({ kind: 'app', app: 'x' });
  });

  test('positionals skip options and the values of options that take one; -- ends options', () => {
    expect(positionals(['--format', 'json', '-n', '3', 'a', '--quiet', 'b'])).toEqual(['a', 'b']);
    expect(positionals(['--', '-x', 'a'])).toEqual(['-x', 'a']);
    expect(repoArgApp("'/app'")).toBe('app');
    expect(repoArgApp('"app"')).toBe('app');
    expect(repoArgApp('//app')).toBe('app');
  });
});

describe('through bin/berth', () => {
  let p: TempPlatform;
  const as = (name: string, args: string[]) => berth(p, args, { env: { NAME: name, FINGERPRINT: `SHA256:${name}` } });
  const local = (args: string[]) => berth(p, args);

  beforeAll(async () => {
    p = tempPlatform({ builtins: true });
    // only what these cases need, so a half-built plugin elsewhere in the tree cannot break them
    const keep = new Set(['00_platform', 'apps', 'config', 'events', 'acl', 'ssh-keys', 'plugin']);
    for (const name of fs.readdirSync(path.join(p.pluginPath, 'enabled'))) if (!keep.has(name)) fs.rmSync(path.join(p.pluginPath, 'enabled', name));
    for (const app of ['app-a', 'app-b']) expect((await local(['apps:create', app])).exitCode).toBe(0);
  }, 60000);
  afterAll(() => p.cleanup());

  test('with no admins set every key may do everything', async () => {
    expect((await as('alice', ['config:set', '--no-restart', 'app-b', 'K=1'])).exitCode).toBe(0);
    expect((await as('alice', ['apps:list'])).stdout).toContain('app-b');
    const r = await local(['acl:report']);
    expect(r.stderr).toContain('No admins are set');
  }, 120_000);

  test('once admins are set, users reach only their apps and the allowed global commands', async () => {
    expect((await local(['acl:set', '--global', 'admins', 'admin,carol'])).exitCode).toBe(0);
    expect((await local(['acl:add', 'app-a', 'alice'])).exitCode).toBe(0);
    expect((await as('alice', ['config:set', '--no-restart', 'app-a', 'K=2'])).exitCode).toBe(0);
    const denied = await as('alice', ['config:set', '--no-restart', 'app-b', 'K=2']);
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toContain('alice may not run config:set on app-b (no grant)');
    expect((await as('alice', ['apps:list'])).stdout).toBe('=====> My Apps\napp-a');
    expect(JSON.parse((await as('alice', ['apps:report', '--format', 'json'])).stdout)).toHaveProperty(['app-a']);
    expect(Object.keys(JSON.parse((await as('alice', ['apps:report', '--format', 'json'])).stdout))).toEqual(['app-a']);
    expect((await as('alice', ['apps:report', '--format', 'json', 'app-b'])).exitCode).toBe(1);
    expect((await as('alice', ['ssh-keys:list'])).stderr).toContain('not on the allowed-commands list');
    expect((await as('alice', ['apps:create', 'app-c'])).stderr).toContain('only admins create apps');
    // decided before install relinks anything (an admin's install would touch the host, so only the refusal runs here)
    expect((await as('alice', ['install'])).stderr).toContain('alice may not run install (admins only)');
    expect((await as('carol', ['config:set', '--no-restart', 'app-b', 'K=3'])).exitCode).toBe(0);
    expect((await local(['config:get', 'app-b', 'K'])).stdout).toBe('3');
  }, 120_000);

  test('the allow-list is configurable and an empty value restores the default', async () => {
    expect((await local(['acl:set', '--global', 'allowed-commands', 'help,apps:list,ssh-keys:list'])).exitCode).toBe(0);
    // no keys are installed here: the command runs and finds none
    expect((await as('alice', ['ssh-keys:list'])).stderr).toBe(' !     No public keys found.');
    expect((await local(['acl:set', '--global', 'allowed-commands'])).exitCode).toBe(0);
    expect((await as('alice', ['ssh-keys:list'])).stderr).toContain('Access denied');
    expect(JSON.parse((await local(['acl:report', '--format', 'json'])).stdout)).toMatchObject({
      'acl-enforced': true,
      'acl-admins': 'admin,carol',
      'acl-allowed-commands': 'help,version,apps:list',
      grants: { 'app-a': ['alice'] },
    });
  }, 120_000);

  test('grants: list, remove, services, and they follow renames and go with destroyed apps', async () => {
    expect(JSON.parse((await local(['acl:list', 'app-a', '--format', 'json'])).stdout)).toEqual(['alice']);
    expect((await local(['acl:add', 'app-nope', 'alice'])).exitCode).toBe(20);
    expect((await local(['acl:remove', 'app-b', 'alice'])).stderr).toContain('alice has no access to app-b');
    expect((await local(['acl:add-service', 'postgres', 'db1', 'alice'])).exitCode).toBe(0);
    expect(JSON.parse((await local(['acl:list-service', 'postgres', 'db1', '--format', 'json'])).stdout)).toEqual(['alice']);
    expect((await local(['plugin:trigger', 'user-auth-service', 'berth', 'alice', 'postgres', 'db1', 'db2'])).stdout.trim()).toBe('db1');
    expect((await as('alice', ['postgres:info', 'db2'])).stderr).toContain('alice may not run postgres:info on postgres service db2 (no grant)');
    expect((await local(['acl:remove-service', 'postgres', 'db1', 'alice'])).exitCode).toBe(0);
    expect((await local(['apps:rename', 'app-a', 'app-r', '--skip-deploy'])).exitCode).toBe(0);
    expect((await as('alice', ['apps:list'])).stdout).toContain('app-r');
    expect((await local(['apps:destroy', 'app-r', '--force'])).exitCode).toBe(0);
    expect((await local(['apps:create', 'app-r'])).exitCode).toBe(0);
    expect((await as('alice', ['apps:list'])).stderr).toContain("haven't deployed");
  }, 120_000);

  test('every denial is in the event log with the key name and fingerprint', async () => {
    await as('bob', ['config', 'app-b']);
    const events = (await local(['events', '-n', '50', '--format', 'json'])).stdout;
    const denied = (JSON.parse(events) as { trigger: string; exit: number; actor: { name: string; fingerprint: string } }[]).filter(
      (e) => e.trigger === 'user-auth' && e.exit !== 0 && e.actor.name === 'bob',
    );
    expect(denied[0]?.actor.fingerprint).toBe('SHA256:bob');
  }, 120_000);
});
