import fs from 'node:fs';
import path from 'node:path';
import { berth, tempPlatform, type TempPlatform } from '../helpers/platform.js';

/** Grants do not outlive what they grant: a destroyed app or service takes its grants along. */
let p: TempPlatform;
const local = (args: string[]) => berth(p, args);
const as = (name: string, args: string[]) => berth(p, args, { env: { NAME: name, FINGERPRINT: `SHA256:${name}` } });
const grants = (args: string[]) => local([...args, '--format', 'json']).then((r) => JSON.parse(r.stdout) as string[]);

beforeAll(async () => {
  p = tempPlatform({ builtins: true });
  const keep = new Set(['00_platform', 'apps', 'config', 'events', 'acl', 'ssh-keys', 'plugin']);
  for (const name of fs.readdirSync(path.join(p.pluginPath, 'enabled'))) if (!keep.has(name)) fs.rmSync(path.join(p.pluginPath, 'enabled', name));
  expect((await local(['acl:set', '--global', 'admins', 'admin'])).exitCode).toBe(0);
}, 60_000);
afterAll(() => p.cleanup());

test('apps:destroy removes the app grants: a new app of the same name has none', async () => {
  expect((await local(['apps:create', 'gone'])).exitCode).toBe(0);
  expect((await local(['acl:add', 'gone', 'alice'])).exitCode).toBe(0);
  expect((await local(['acl:add', 'gone', 'bob'])).exitCode).toBe(0);
  expect(await grants(['acl:list', 'gone'])).toEqual(['alice', 'bob']);
  expect((await local(['apps:destroy', 'gone', '--force'])).exitCode).toBe(0);
  expect(fs.existsSync(path.join(p.libRoot, 'config', 'acl', 'gone'))).toBe(false);
  expect((await local(['apps:create', 'gone'])).exitCode).toBe(0);
  expect(await grants(['acl:list', 'gone'])).toEqual([]);
  expect((await as('alice', ['config', 'gone'])).exitCode).not.toBe(0);
}, 60_000);

test('a destroyed service (service-action post-destroy) loses its grants; other services keep theirs', async () => {
  for (const db of ['db1', 'db2']) expect((await local(['acl:add-service', 'postgres', db, 'alice'])).exitCode).toBe(0);
  expect((await local(['plugin:trigger', 'service-action', 'post-destroy', 'postgres', 'db1'])).exitCode).toBe(0);
  expect(await grants(['acl:list-service', 'postgres', 'db1'])).toEqual([]);
  expect(await grants(['acl:list-service', 'postgres', 'db2'])).toEqual(['alice']);
  expect((await local(['plugin:trigger', 'user-auth-service', 'berth', 'alice', 'postgres', 'db1', 'db2'])).stdout.trim()).toBe('db2');
  // other service events leave grants alone
  expect((await local(['plugin:trigger', 'service-action', 'post-unlink', 'postgres', 'db2', 'app'])).exitCode).toBe(0);
  expect(await grants(['acl:list-service', 'postgres', 'db2'])).toEqual(['alice']);
}, 60_000);
