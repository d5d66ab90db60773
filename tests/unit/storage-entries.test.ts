import fs from 'node:fs';
import path from 'node:path';
import { linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { engineFor } from '../helpers/engine-fixtures.js';

let p: TempPlatform;
const run = (...argv: string[]) => routeIn(p, argv);
const storage = () => path.join(p.libRoot, 'data', 'storage');
const entryFile = (name: string) => path.join(p.libRoot, 'data', 'storage-registry', 'entries', `${name}.json`);
const info = async (name: string) => JSON.parse((await run('storage:info', name, '--format', 'json')).out);
const names = async () => (JSON.parse((await run('storage:list-entries', '--format', 'json')).out) as { name: string }[]).map((e) => e.name);
const root = process.getuid?.() === 0;

beforeEach(async () => {
  p = tempPlatform();
  linkPlugin(p, 'apps');
  linkPlugin(p, 'storage');
  expect((await run('apps:create', 'web')).code).toBe(0);
});

afterEach(() => p.cleanup());

describe('storage entries', () => {
  test('create registers the entry and its default directory; list-entries, info and destroy', async () => {
    expect(await run('storage:create', 'data')).toMatchObject({ code: 0, out: expect.stringContaining('Storage entry data created') });
    expect(fs.statSync(path.join(storage(), 'data')).mode & 0o777).toBe(0o755);
    expect(JSON.parse(fs.readFileSync(entryFile('data'), 'utf8'))).toEqual({ name: 'data', scheduler: 'docker-local', host_path: path.join(storage(), 'data'), schema_version: 1 });
    expect(await names()).toEqual(['data']);
    expect((await info('data')).scheduler).toBe('docker-local');
    expect((await run('storage:destroy', 'data', '--force')).code).toBe(0);
    expect(await names()).toEqual([]);
    expect(fs.existsSync(path.join(storage(), 'data'))).toBe(true);
  });

  test.each([['bad_name'], ['Upper'], ['a'.repeat(46)], ['legacy-x'], ['-x']])('name %p is refused and nothing is written', async (name) => {
    expect((await run('storage:create', '--', name)).code).not.toBe(0);
    expect(fs.existsSync(path.join(p.libRoot, 'data', 'storage-registry'))).toBe(false);
  });

  test('--mode and --chown converge the default directory and are refused elsewhere', async () => {
    expect((await run('storage:create', '--mode', '750', 'm')).code).toBe(0);
    expect(fs.statSync(path.join(storage(), 'm')).mode & 0o777).toBe(0o750);
    expect((await info('m')).mode).toBe('0750');
    expect((await run('storage:create', '--mode', '0700', 'm')).out).toContain('already exists, leaving in place');
    expect(fs.statSync(path.join(storage(), 'm')).mode & 0o777).toBe(0o700);
    for (const bad of ['0888', 'u+rwx']) expect((await run('storage:create', '--mode', bad, 'bad')).err).toContain('Unsupported directory mode');
    for (const bad of ['65536', 'x']) expect((await run('storage:create', '--chown', bad, 'bad')).err).toContain('Unsupported chown permissions');
    const custom = path.join(p.dir, 'custom');
    expect((await run('storage:create', '--mode', '0777', 'c', custom)).err).toContain('--mode is only supported when the storage entry uses the default host path');
    expect((await run('storage:create', '--chown', 'herokuish', 'c', custom)).err).toContain('--chown is only supported');
    expect((await run('storage:create', '--reclaim-policy', 'Delete', 'c', custom)).err).toContain('default host path');
    expect((await run('storage:create', '--scheduler', 'k3s', '--size', '1Gi', '--mode', '0777', 'k')).err).toContain('does not accept --mode');
    expect(await names()).toEqual(['m']);
    if (root) {
      expect((await run('storage:create', '--chown', '1500', 'n')).code).toBe(0);
      expect([fs.statSync(path.join(storage(), 'n')).uid, fs.statSync(path.join(storage(), 'n')).gid]).toEqual([1500, 1500]);
    }
  });

  test('destroy: refused while mounted, asks for the name, drops the directory only when told', async () => {
    await run('storage:create', 'busy');
    expect((await run('storage:mount', 'web', 'busy', '--container-dir', '/data')).code).toBe(0);
    expect((await run('storage:destroy', 'busy', '--force')).err).toContain('still mounted by app(s): web');
    expect((await run('storage:unmount', 'web', 'busy')).code).toBe(0);
    fs.writeFileSync(path.join(storage(), 'busy', 'payload'), 'x');
    const { engine } = engineFor(p, { flags: { force: true } });
    const { route } = await import('../../cli/router.js');
    expect(await route(engine, ['storage:destroy', 'busy', '--destroy-host-dir'])).toBe(0);
    expect(fs.existsSync(path.join(storage(), 'busy'))).toBe(false);
    await run('storage:create', '--reclaim-policy', 'Delete', 'gone');
    expect((await run('storage:destroy', 'gone', '--force')).code).toBe(0);
    expect(fs.existsSync(path.join(storage(), 'gone'))).toBe(false);
    fs.writeFileSync(entryFile('k3s'), JSON.stringify({ name: 'k3s', scheduler: 'k3s', size: '1Gi', schema_version: 1 }));
    expect((await run('storage:destroy', 'k3s', '--destroy-host-dir', '--force')).err).toContain('--destroy-host-dir only applies to docker-local storage entries');
  });

  test('set: positional form, deprecated flags, unset, and the refusals', async () => {
    await run('storage:create', '--mode', '0755', 's');
    expect((await run('storage:set', 's', 'mode', '0770')).code).toBe(0);
    expect(fs.statSync(path.join(storage(), 's')).mode & 0o777).toBe(0o770);
    expect((await run('storage:info', 's')).out).toMatch(/Mode:\s+0770/);
    expect((await run('storage:set', 's', '--mode', '0750')).err).toContain('Deprecated:');
    expect((await run('storage:set', 's', 'mode')).code).toBe(0);
    expect((await info('s')).mode).toBeUndefined();
    expect((await run('storage:set', 's', 'bogus', 'x')).err).toContain('Invalid property specified, valid properties include:');
    expect((await run('storage:set', 's')).err).toContain('No property specified');
    expect((await run('storage:set', 's', 'mode', '0770', '--chown', 'herokuish')).err).toContain('either a property and a value or flags, not both');
    expect((await run('storage:set', 's', 'access-mode', 'ReadWriteMany')).err).toContain('cannot change access-mode in place');
    const annotated = await run('storage:set', 's', '--annotation', 'team=billing');
    expect(annotated.err.match(/Deprecated:/g)).toHaveLength(1);
    expect(annotated.err).toContain('storage:annotations:set');
    expect((await info('s')).annotations).toEqual({ team: 'billing' });
  });

  test('annotations and labels: set, clear, report as text, JSON and one flag', async () => {
    await run('storage:create', 'a');
    expect((await run('storage:annotations:set', 'a', 'backup.velero.io/backup-volumes', 'a')).code).toBe(0);
    await run('storage:annotations:set', 'a', 'team', 'billing');
    await run('storage:labels:set', 'a', 'tier', 'cache');
    expect(await info('a')).toMatchObject({ annotations: { 'backup.velero.io/backup-volumes': 'a', team: 'billing' }, labels: { tier: 'cache' } });
    expect((await run('storage:annotations:report', 'a')).out).toMatch(/a annotations information[\s\S]*Annotation team:\s+billing/);
    expect(JSON.parse((await run('storage:labels:report', 'a', '--format', 'json')).out)).toEqual({ tier: 'cache' });
    expect((await run('storage:annotations:report', 'a', '--storage-annotations.team')).out).toBe('billing\n');
    expect((await run('storage:annotations:report', 'a', '--storage-annotations.absent')).err).toContain('Invalid flag passed, valid flags:');
    await run('storage:annotations:set', 'a', 'team');
    await run('storage:annotations:set', 'a', 'backup.velero.io/backup-volumes');
    await run('storage:labels:set', 'a', 'tier');
    expect(await info('a')).not.toHaveProperty('annotations');
    expect(await info('a')).not.toHaveProperty('labels');
    expect((await run('storage:annotations:set', 'nope', 'k', 'v')).err).toContain('does not exist');
    expect((await run('storage:annotations:set', 'a')).err).toContain('No annotation key specified');
  });
});

describe('attachments', () => {
  test('mount by entry name: phases, options, read-only, updated in place, listed and reported', async () => {
    await run('storage:create', 'data');
    await run('storage:create', 'cache');
    expect((await run('storage:mount', 'web', 'data', '--container-dir', '/data', '--volume-options', 'Z', '--volume-subpath', 'up')).code).toBe(0);
    expect((await run('storage:mount', 'web', 'cache', '--container-dir', '/cache', '--phase', 'run', '--volume-readonly', '--volume-options', 'noexec')).code).toBe(0);
    const list = JSON.parse((await run('storage:list', 'web', '--format', 'json')).out);
    expect(list.map((a: { entry_name: string }) => a.entry_name)).toEqual(['data', 'cache']);
    expect(list[1]).toMatchObject({ readonly: true, volume_options: 'noexec', phases: ['run'] });
    expect(list[0]).not.toHaveProperty('readonly');
    const report = JSON.parse((await run('storage:report', 'web', '--format', 'json')).out);
    expect(report['deploy-mounts']).toBe(`-v ${storage()}/data/up:/data:Z`);
    expect(report['run-mounts']).toBe(`-v ${storage()}/data/up:/data:Z -v ${storage()}/cache:/cache:ro,noexec`);
    expect(report).toMatchObject({ 'attachment.1.subpath': 'up', 'storage-attachment.2.readonly': 'true', 'attachment.2.process-type': '_default_' });
    expect((await run('storage:report', 'web', '--storage-attachment.1.volume-options')).out).toBe('Z\n');
    expect((await run('storage:report', 'web')).out).toMatch(/Storage attachment 1 entry name:\s+data/);
    await run('storage:mount', 'web', 'data', '--container-dir', '/data', '--volume-options', 'nosuid');
    expect(JSON.parse((await run('storage:list', 'web', '--format', 'json')).out)).toHaveLength(2);
    expect((await run('storage:mount', 'web', 'cache', '--container-dir', '/data')).err).toContain('already mounted from storage entry data');
    expect((await run('storage:mount', 'web', 'ghost', '--container-dir', '/g')).err).toContain('does not exist');
    expect((await run('storage:mount', 'web', 'data', '--container-dir', 'rel')).code).not.toBe(0);
    fs.rmSync(entryFile('cache'));
    const degraded = await run('storage:report', 'web');
    expect(degraded.err).toContain('Skipping attachment');
    expect(degraded.out).toContain('Storage deploy mounts');
  });
});
