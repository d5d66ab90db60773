import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { appHost, appRepo, berth, gitPush, request, ssh, state, uniqueApp } from './harness.js';

/** `storage:export` over real SSH, its stdout kept as bytes. */
function sshBytes(args: string[]) {
  const s = state();
  const key = path.join(s.keys, 'admin');
  return execa('ssh', ['-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes', '-p', String(s.sshPort), `${s.user}@127.0.0.1`, '--', ...args], {
    encoding: 'buffer',
    reject: false,
  });
}

/** One app whose container writes into a mounted host directory, across a rebuild and an export. */
describe('persistent storage', () => {
  const app = uniqueApp('sto');
  const name = `${app}-data`;
  let repo: string;
  let work: string;
  const dir = () => path.join(state().libRoot, 'data', 'storage', name);
  const mounts = async () => JSON.parse((await ssh(['storage:list', app, '--format', 'json'])).stdout) as unknown[];

  beforeAll(async () => {
    repo = await appRepo('storage-notes');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-storage-'));
  }, 60_000);

  afterAll(async () => {
    await berth(['apps:destroy', app, '--force']);
    fs.rmSync(dir(), { recursive: true, force: true });
    for (const d of [repo, work]) fs.rmSync(d, { recursive: true, force: true });
  }, 120_000);

  test('ensure-directory gives the app user the directory; a mounted app writes there, the data survives a rebuild and one-off containers see it', async () => {
    const ensure = await berth(['storage:ensure-directory', name]);
    expect({ code: ensure.exitCode, all: ensure.all }).toMatchObject({ code: 0 });
    const st = fs.statSync(dir());
    expect([st.uid, st.gid]).toEqual([32767, 32767]);

    expect((await berth(['apps:create', app])).exitCode).toBe(0);
    const mount = await ssh(['storage:mount', app, `${name}:/app/storage`]);
    expect({ code: mount.exitCode, all: mount.all }).toMatchObject({ code: 0 });
    const push = await gitPush(repo, app);
    expect({ code: push.exitCode, all: push.all }).toMatchObject({ code: 0 });

    expect((await request(appHost(app), '/append?text=first')).body).toBe('notes:\nfirst\n');
    expect(fs.readFileSync(path.join(dir(), 'notes.txt'), 'utf8')).toBe('first\n');

    const rebuild = await ssh(['ps:rebuild', app]);
    expect({ code: rebuild.exitCode, all: rebuild.all }).toMatchObject({ code: 0 });
    expect((await request(appHost(app), '/append?text=second')).body).toBe('notes:\nfirst\nsecond\n');
    const run = await ssh(['run', app, '--', 'cat', '/app/storage/notes.txt']);
    expect({ code: run.exitCode, all: run.all }).toEqual({ code: 0, all: 'first\nsecond' });
  }, 300_000);

  test('storage:export over SSH streams a tar.gz holding the mounted data', async () => {
    const r = await sshBytes(['storage:export', app]);
    expect(r.exitCode).toBe(0);
    const archive = path.join(work, 'storage.tgz');
    fs.writeFileSync(archive, r.stdout);
    await execa('tar', ['-xzf', archive, '-C', work]);
    expect(fs.readFileSync(path.join(work, dir().slice(1), 'notes.txt'), 'utf8')).toBe('first\nsecond\n');
  }, 60_000);

  test('relative and escaping host paths are refused over SSH with nothing changed', async () => {
    const [relative, escaping] = await Promise.all([ssh(['storage:mount', app, 'data/dir:/other']), ssh(['storage:mount', app, '/srv/../etc:/other'])]);
    expect({ code: relative.exitCode, all: relative.all }).toEqual({ code: 1, all: expect.stringContaining('must be an absolute path') });
    expect({ code: escaping.exitCode, all: escaping.all }).toEqual({ code: 1, all: expect.stringContaining('must not contain ".." components') });
    // Dokku leaves volume_options out when a mount has none
    expect(await mounts()).toEqual([{ host_path: dir(), container_path: '/app/storage' }]);
  }, 60_000);
});
