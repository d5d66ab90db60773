import fs from 'node:fs';
import path from 'node:path';
import toml from 'toml';
import type { PluginContext } from '../../sdk/index.js';
import { commands } from '../../plugins/datastores/commands.js';
import { pickKey } from '../../plugins/datastores/links.js';
import { databaseName, service } from '../../plugins/datastores/service.js';
import { postgres, redis, TYPES } from '../../plugins/datastores/types.js';
import { repoRoot } from '../helpers/platform.js';

const ctx = { paths: { libRoot: '/lib' } } as unknown as PluginContext;

describe('datastores naming', () => {
  test('container, alias, network and database names follow the service name', () => {
    const s = service(ctx, postgres, 'my_db-1');
    expect(s).toMatchObject({
      container: 'berth.postgres.my_db-1',
      alias: 'berth-postgres-my-db-1',
      network: 'berth-postgres-my-db-1',
      dir: path.join('/lib', 'services', 'postgres', 'my_db-1'),
    });
    expect(databaseName('my_db-1')).toBe('my_db_1');
  });

  test.each(['', 'a/b', '../x', 'a b', 'x.y', '-'.repeat(201)])('invalid service name %p is refused', (name) => {
    expect(() => service(ctx, redis, name)).toThrow(name ? /Invalid service name/ : /specify a service name/);
  });

  test('URLs: Dokku shapes, redis with the explicit default user', () => {
    expect(postgres.url('pw', 'berth-postgres-a', 'a')).toBe('postgres://postgres:pw@berth-postgres-a:5432/a');
    expect(redis.url('pw', 'berth-redis-a', '')).toBe('redis://default:pw@berth-redis-a:6379');
  });

  test('no exec command carries the password in argv', () => {
    for (const t of TYPES)
      for (const cmd of [t.readyCommand('db'), t.dumpCommand('db'), t.connectCommand('db'), t.restoreCommand?.('db') ?? []]) expect(cmd.join(' ')).not.toContain('s3cret');
    expect(redis.execEnv('s3cret')).toEqual(['REDISCLI_AUTH=s3cret']);
  });

  test('plugin.toml declares exactly the commands the module implements', () => {
    const manifest = toml.parse(fs.readFileSync(path.join(repoRoot, 'plugins', 'datastores', 'plugin.toml'), 'utf8')) as { commands: Record<string, string> };
    expect(Object.keys(manifest.commands).sort()).toEqual(Object.keys(commands).sort());
  });

  test('link keys: DATABASE_URL, then Dokku colours when taken; --alias gives ALIAS_URL and must be free', () => {
    expect(pickKey(postgres, {}, undefined)).toBe('DATABASE_URL');
    expect(pickKey(redis, {}, undefined)).toBe('REDIS_URL');
    expect(pickKey(postgres, { DATABASE_URL: 'x' }, undefined)).toBe('DOKKU_POSTGRES_AQUA_URL');
    expect(pickKey(postgres, { DATABASE_URL: 'x', DOKKU_POSTGRES_AQUA_URL: 'y' }, undefined)).toBe('DOKKU_POSTGRES_BLACK_URL');
    expect(pickKey(postgres, { DATABASE_URL: 'x' }, 'reporting-db')).toBe('REPORTING_DB_URL');
    expect(pickKey(redis, {}, 'CACHE_URL')).toBe('CACHE_URL');
    expect(() => pickKey(postgres, { OTHER_URL: 'x' }, 'other')).toThrow('The config var OTHER_URL is already set');
    expect(() => pickKey(postgres, {}, 'no good')).toThrow();
  });
});
