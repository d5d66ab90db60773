import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { execa } from 'execa';
import fc from 'fast-check';
import toml from 'toml';
import { BerthError } from '../../core/errors.js';
import { route } from '../../cli/router.js';
import * as v from '../../core/validate.js';
import { commands } from '../../plugins/storage/commands.js';
import { storageBinds } from '../../plugins/scheduler-docker-local/storage.js';
import type { PluginContext } from '../../sdk/index.js';
import { engineFor, linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { repoRoot } from '../helpers/platform.js';

const ROOT = '/var/lib/berth/data/storage';

describe('mount validators', () => {
  test.each([
    ['data:/app/storage', { host: `${ROOT}/data`, container: '/app/storage', options: '' }],
    ['/srv/x/:/data//sub/:ro', { host: '/srv/x', container: '/data/sub', options: 'ro' }],
    ['/srv/./x:/d:rw,z', { host: '/srv/x', container: '/d', options: 'rw,z' }],
  ])('%p is accepted and normalized', (spec, expected) => {
    expect(v.parseBindMount(spec, ROOT)).toEqual(expected);
  });

  test.each([
    ['rel/dir:/data', /absolute path/],
    ['./data:/data', /absolute path/],
    ['../data:/data', /absolute path/],
    ['/srv/../etc:/data', /"\.\." components/],
    ['/srv/x/..:/data', /"\.\." components/],
    ['..:/data', /storage directory name/],
    ['.hidden:/data', /storage directory name/],
    ['/:/data', /root directory/],
    ['data:relative', /absolute path/],
    ['data:/a/../b', /"\.\." components/],
    ['data:/', /root directory/],
    ['data', /expected HOST:CONTAINER/],
    ['a:/b:ro:x', /expected HOST:CONTAINER/],
    ['data:/b:ro,rw', /Invalid mount options/],
    ['data:/b:exec', /Invalid mount options/],
    ['/srv/a\nb:/data', /control characters/],
  ])('%p is refused', (spec, message) => {
    expect(() => v.parseBindMount(spec, ROOT)).toThrow(message);
  });

  const segment = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
  const spec = fc.tuple(fc.array(fc.oneof(segment, fc.constantFrom('..', '.', '')), { minLength: 1, maxLength: 5 }), fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 3 }));

  test('property: an accepted mount is absolute, normalized, free of "..", and round-trips through its bind string', () => {
    fc.assert(
      fc.property(spec, ([segs, absolute, container]) => {
        const host = (absolute ? '/' : '') + segs.join('/');
        let m: v.BindMount;
        try {
          m = v.parseBindMount(`${host}:/${container.join('/')}`, ROOT);
        } catch (err) {
          expect(err).toBeInstanceOf(BerthError);
          return;
        }
        for (const p of [m.host, m.container]) {
          expect(path.posix.isAbsolute(p)).toBe(true);
          expect(path.posix.normalize(p)).toBe(p);
          expect(p.split('/')).not.toContain('..');
        }
        if (!host.includes('/')) expect(m.host.startsWith(`${ROOT}/`)).toBe(true);
        expect(v.parseBindMount(v.bindString(m), ROOT)).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  test('property: a host path with a ".." component or a relative path with "/" is always refused', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 3 }), fc.array(segment, { maxLength: 3 }), fc.boolean(), (before, after, absolute) => {
        const traversal = (absolute ? '/' : '') + [...before, '..', ...after].join('/');
        expect(() => v.parseBindMount(`${traversal}:/data`, ROOT)).toThrow(BerthError);
        const relative = [...before, ...after].join('/');
        if (relative.includes('/')) expect(() => v.parseBindMount(`${relative}:/data`, ROOT)).toThrow(/absolute path/);
      }),
      { numRuns: 300 },
    );
  });

  test('property: storage names never leave the storage root', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (name) => {
        if (!v.isValidStorageName(name)) return;
        expect(path.posix.dirname(path.posix.join(ROOT, name))).toBe(ROOT);
      }),
      { numRuns: 500 },
    );
  });
});

let p: TempPlatform;

const link = (name: string) => linkPlugin(p, name);

class Bytes extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
}

const run = (...argv: string[]) => routeIn(p, argv);

const storage = () => path.join(p.libRoot, 'data', 'storage');
const mountsFile = (app: string) => path.join(p.libRoot, 'config', 'storage', app, 'mounts');
const stored = (app: string) => (fs.existsSync(mountsFile(app)) ? fs.readFileSync(mountsFile(app), 'utf8').split('\n') : []);

beforeEach(async () => {
  p = tempPlatform();
  link('apps');
  link('storage');
  expect((await run('apps:create', 'web')).code).toBe(0);
});

afterEach(() => p.cleanup());

describe('storage:ensure-directory', () => {
  test('creates the directory owned by the herokuish uid (32767) by default', async () => {
    const r = await run('storage:ensure-directory', 'web-data');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`-----> Ensuring ${storage()}/web-data exists`);
    const st = fs.statSync(path.join(storage(), 'web-data'));
    expect(st.isDirectory()).toBe(true);
    if (process.getuid?.() === 0) expect([st.uid, st.gid]).toEqual([32767, 32767]);
  });

  test('--chown root and --chown false; running it again is harmless', async () => {
    expect((await run('storage:ensure-directory', '--chown', 'false', 'a')).code).toBe(0);
    expect(fs.statSync(path.join(storage(), 'a')).uid).toBe(process.getuid?.());
    expect((await run('storage:ensure-directory', '--chown', 'false', 'a')).code).toBe(0);
    if (process.getuid?.() === 0) {
      expect((await run('storage:ensure-directory', '--chown', 'heroku', 'b')).code).toBe(0);
      expect(fs.statSync(path.join(storage(), 'b')).uid).toBe(1000);
      expect((await run('storage:ensure-directory', '--chown', 'root', 'b')).code).toBe(0);
      expect(fs.statSync(path.join(storage(), 'b')).uid).toBe(0);
    }
  });

  test.each([['../escape'], ['a/b'], ['.'], ['-x'], ['']])('name %p is refused and nothing is created', async (name) => {
    const r = await run('storage:ensure-directory', '--chown', 'false', '--', name);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/storage directory name/);
    expect(fs.existsSync(storage()) ? fs.readdirSync(storage()) : []).toEqual([]);
    expect(fs.existsSync(path.join(p.libRoot, 'data', 'escape'))).toBe(false);
  });

  test('an unknown --chown value is refused before anything is created', async () => {
    const r = await run('storage:ensure-directory', '--chown', 'nobody', 'x');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("Invalid --chown value 'nobody'");
    expect(fs.existsSync(path.join(storage(), 'x'))).toBe(false);
  });
});

describe('storage:mount / unmount / list / report', () => {
  test('mounts are stored as bind strings, listed as text and JSON, reported per phase', async () => {
    const first = await run('storage:mount', 'web', 'web-data:/app/storage');
    expect(first.code).toBe(0);
    expect(first.err).toContain(`${storage()}/web-data does not exist yet: create it first with 'berth storage:ensure-directory web-data'`);
    expect((await run('storage:mount', 'web', '/srv/shared/:/shared:ro')).code).toBe(0);
    expect(stored('web')).toEqual([`${storage()}/web-data:/app/storage`, '/srv/shared:/shared:ro']);
    const text = await run('storage:list', 'web');
    expect(text.out).toBe(`=====> web volume bind-mounts:\n       ${storage()}/web-data:/app/storage\n       /srv/shared:/shared:ro\n`);
    const { engine, stdout } = engineFor(p, { flags: { quiet: true } });
    await route(engine, ['storage:list', 'web']);
    expect(stdout.text).toBe(`${storage()}/web-data:/app/storage\n/srv/shared:/shared:ro\n`);
    expect(JSON.parse((await run('storage:list', 'web', '--format', 'json')).out)).toEqual([
      { host_path: `${storage()}/web-data`, container_path: '/app/storage' },
      { host_path: '/srv/shared', container_path: '/shared', volume_options: 'ro' },
    ]);
    const report = JSON.parse((await run('storage:report', 'web', '--format', 'json')).out);
    const binds = `-v ${storage()}/web-data:/app/storage -v /srv/shared:/shared:ro`;
    expect(report).toMatchObject({ 'storage-build-mounts': '', 'storage-deploy-mounts': binds, 'storage-run-mounts': binds, 'deploy-mounts': binds });
    expect(report).toMatchObject({ 'attachment.2.host-path': '/srv/shared', 'attachment.2.readonly': 'true', 'attachment.2.phases': 'deploy,run' });
    expect(report['attachment.1.entry-name']).toMatch(/^legacy-[0-9a-f]{10}$/);
    expect((await run('storage:report', 'web', '--storage-run-mounts')).out).toBe(`${binds}\n`);
    expect((await run('storage:report')).out).toContain('=====> web storage information');

    expect((await run('storage:unmount', 'web', '/srv/shared:/shared')).code).toBe(0);
    expect(stored('web')).toEqual([`${storage()}/web-data:/app/storage`]);
    expect((await run('storage:unmount', 'web', `${storage()}/web-data:/app/storage`)).code).toBe(0);
    expect(fs.existsSync(mountsFile('web'))).toBe(false);
    expect((await run('storage:list', 'web', '--format', 'json')).out).toBe('[]\n');
  });

  test.each([
    ['relative/dir:/data', /absolute path/],
    ['./data:/data', /absolute path/],
    ['/srv/../etc:/data', /"\.\." components/],
    ['../../etc:/data', /absolute path/],
    ['data:relative', /absolute path/],
    ['data', /expected HOST:CONTAINER/],
    ['data:/d:bogus', /Invalid mount options/],
  ])('bad mount %p is refused with nothing changed', async (spec, message) => {
    await run('storage:mount', 'web', 'keep:/keep');
    const before = stored('web');
    const r = await run('storage:mount', 'web', spec);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(stored('web')).toEqual(before);
  });

  test('a duplicate mount or a second mount on the same container path is refused', async () => {
    expect((await run('storage:mount', 'web', 'a:/data')).code).toBe(0);
    const dup = await run('storage:mount', 'web', `${storage()}/a/:/data/`);
    expect(dup.code).not.toBe(0);
    expect(dup.err).toContain('Mount path already exists');
    const same = await run('storage:mount', 'web', 'b:/data');
    expect(same.err).toContain('Container path /data is already mounted');
    expect(stored('web')).toEqual([`${storage()}/a:/data`]);
  });

  test('unmounting a missing mount is refused', async () => {
    await run('storage:mount', 'web', 'a:/data');
    const r = await run('storage:unmount', 'web', 'a:/other');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Mount path does not exist');
    expect(stored('web')).toEqual([`${storage()}/a:/data`]);
  });

  test.each([['storage:mount', 'ghost', 'a:/data'], ['storage:unmount', 'ghost', 'a:/data'], ['storage:list', 'ghost'], ['storage:report', 'ghost'], ['storage:export', 'ghost']])(
    '%s on a missing app exits 20',
    async (...argv) => {
      const r = await run(...argv);
      expect(r.code).toBe(20);
      expect(r.err).toContain('App ghost does not exist');
      expect(fs.existsSync(path.join(p.libRoot, 'config', 'storage', 'ghost'))).toBe(false);
    },
  );

  test('missing arguments and extra ones are usage errors', async () => {
    expect((await run('storage:mount', 'web')).err).toContain('Please specify a mount');
    expect((await run('storage:mount', 'web', 'a:/a', 'extra')).err).toContain("Unexpected argument 'extra'");
    expect((await run('storage:list', 'web', '--format', 'yaml')).err).toContain('Invalid --format');
  });
});

describe('triggers', () => {
  async function collect(name: 'storage-app-mounts' | 'storage-list', ...args: string[]): Promise<string> {
    const { engine } = engineFor(p);
    return engine.triggers.collect(name, ...(args as [string, string, string]));
  }

  test('storage-app-mounts answers deploy and run with the binds, build with none; the scheduler reads them', async () => {
    await run('storage:mount', 'web', 'a:/data');
    await run('storage:mount', 'web', '/srv/x:/x:ro');
    const binds = [`${storage()}/a:/data`, '/srv/x:/x:ro'];
    expect(JSON.parse(await collect('storage-app-mounts', 'web', 'deploy'))).toEqual(binds);
    expect(JSON.parse(await collect('storage-app-mounts', 'web', 'run'))).toEqual(binds);
    expect(JSON.parse(await collect('storage-app-mounts', 'web', 'build'))).toEqual([]);
    expect(await collect('storage-list', 'web', 'deploy', 'text')).toBe(binds.join('\n'));
    const { engine } = engineFor(p);
    const ctx = { triggers: engine.triggers } as unknown as PluginContext;
    expect(await storageBinds(ctx, 'web', 'deploy')).toEqual(binds);
  });

  test('apps:rename and apps:clone carry the mount list; apps:destroy drops it but keeps the data', async () => {
    await run('storage:ensure-directory', '--chown', 'false', 'keep');
    fs.writeFileSync(path.join(storage(), 'keep', 'file'), 'x');
    await run('storage:mount', 'web', 'keep:/data');
    expect((await run('apps:clone', 'web', 'copy')).code).toBe(0);
    expect(stored('copy')).toEqual(stored('web'));
    expect((await run('apps:rename', 'web', 'renamed')).code).toBe(0);
    expect(stored('renamed')).toEqual([`${storage()}/keep:/data`]);
    expect(fs.existsSync(mountsFile('web'))).toBe(false);
    expect((await run('apps:destroy', 'renamed', '--force')).code).toBe(0);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'storage', 'renamed'))).toBe(false);
    expect(fs.readFileSync(path.join(storage(), 'keep', 'file'), 'utf8')).toBe('x');
  });
});

describe('storage:export', () => {
  test('streams a tar.gz of every mounted host directory', async () => {
    await run('storage:ensure-directory', '--chown', 'false', 'one');
    fs.writeFileSync(path.join(storage(), 'one', 'a.txt'), 'alpha\n');
    const other = path.join(p.dir, 'other dir');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'b.txt'), 'beta\n');
    await run('storage:mount', 'web', 'one:/one');
    await run('storage:mount', 'web', `${other}:/other`);
    const out = new Bytes();
    const { engine } = engineFor(p, { stdout: out });
    expect(await route(engine, ['storage:export', 'web'])).toBe(0);
    const archive = path.join(p.dir, 'x.tgz');
    fs.writeFileSync(archive, Buffer.concat(out.chunks));
    const list = (await execa('tar', ['-tzf', archive])).stdout.split('\n');
    expect(list).toContain(`${path.join(storage(), 'one', 'a.txt').slice(1)}`);
    expect(list).toContain(`${path.join(other, 'b.txt').slice(1)}`);
  });

  test('an app without mounts has nothing to export', async () => {
    const r = await run('storage:export', 'web');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('App web has no storage mounts');
  });
});

test('plugin.toml declares exactly the commands the module implements', () => {
  const manifest = toml.parse(fs.readFileSync(path.join(repoRoot, 'plugins', 'storage', 'plugin.toml'), 'utf8')) as { commands: Record<string, string> };
  expect(Object.keys(manifest.commands).sort()).toEqual(Object.keys(commands).sort());
});
