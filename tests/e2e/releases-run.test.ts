import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { appFixture, appHost, berth, commitAll, docker, gitPush, request, ssh } from './harness.js';

interface Release { version: number; tag: string; gitSha: string; source: string; rollbackOf?: number; configDigest: string; actor: string }

async function releases(app: string): Promise<Release[]> {
  const r = await berth(['releases', app, '--format', 'json']);
  expect({ exitCode: r.exitCode, all: r.all }).toMatchObject({ exitCode: 0 });
  return JSON.parse(r.stdout) as Release[];
}

/** Releases and rollback, then one-off processes, on one app deployed by real git pushes over SSH. */
describe('releases and one-off processes', () => {
  const { app, repo } = appFixture('rel', 'sample');
  const shas: string[] = [];

  test('two pushes are releases v1 and v2 with their git shas', async () => {
    expect((await gitPush(repo, app)).exitCode).toBe(0);
    shas.push((await execa('git', ['rev-parse', 'HEAD'], { cwd: repo })).stdout.trim());
    const file = path.join(repo, 'server.js');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Hello from berth sample', 'Second release of berth sample'));
    await commitAll(repo, 'second release');
    const push = await gitPush(repo, app);
    expect(push.exitCode).toBe(0);
    shas.push((await execa('git', ['rev-parse', 'HEAD'], { cwd: repo })).stdout.trim());
    expect((await request(appHost(app))).body).toContain('Second release of berth sample');

    const list = await releases(app);
    expect(list.map((r) => [r.version, r.gitSha, r.source])).toEqual([
      [2, shas[1], 'push'],
      [1, shas[0], 'push'],
    ]);
    expect(list[0]!.configDigest).toMatch(/^[0-9a-f]{64}$/);
    const text = await ssh(['releases', app]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`v2\\s+Deploy ${shas[1]!.slice(0, 7)}`));
    expect(text.stdout).toMatch(new RegExp(`v1\\s+Deploy ${shas[0]!.slice(0, 7)}`));
  }, 600_000);

  test('ps:restart is not a new release', async () => {
    expect((await berth(['ps:restart', app])).exitCode).toBe(0);
    expect((await releases(app)).map((r) => r.version)).toEqual([2, 1]);
  }, 180_000);

  test('releases:rollback v1 serves v1 again and is recorded as v3', async () => {
    const r = await ssh(['releases:rollback', app, 'v1']);
    expect(r.all).toContain('Application deployed');
    expect(r.exitCode).toBe(0);
    const res = await request(appHost(app));
    expect(res.body).toContain('Hello from berth sample');
    const list = await releases(app);
    expect(list[0]).toMatchObject({ version: 3, source: 'rollback', rollbackOf: 1, gitSha: shas[0] });
    expect((await berth(['releases', app])).stdout).toMatch(/v3\s+Rollback to v1/);
    const info = await berth(['releases:info', app, 'v3']);
    expect(info.stdout).toContain(`berth/${app}:v3`);
  }, 180_000);

  test('releases beyond the keep count are pruned and cannot be rolled back to', async () => {
    expect((await berth(['releases:set', app, 'keep', '1'])).exitCode).toBe(0);
    expect((await berth(['releases:rollback', app])).exitCode).toBe(0); // v4: back to v2's image
    expect((await request(appHost(app))).body).toContain('Second release of berth sample');
    expect((await docker(['image', 'inspect', `berth/${app}:v1`])).exitCode).not.toBe(0);
    const r = await berth(['releases:rollback', app, 'v1']);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain('was pruned');
    expect((await berth(['releases:rollback', app, 'v9'])).all).toContain('does not exist');
  }, 180_000);

  test('a config change that restarts the app is a config-redeploy release with a new digest', async () => {
    const before = (await releases(app))[0]!;
    expect((await berth(['config:set', app, 'RELEASE_NOTE=changed'])).exitCode).toBe(0);
    const after = (await releases(app))[0]!;
    expect(after).toMatchObject({ version: before.version + 1, source: 'config-redeploy', gitSha: before.gitSha });
    expect(after.configDigest).not.toBe(before.configDigest);
    expect(JSON.stringify(after)).not.toContain('changed');
    expect((await berth(['run', app])).exitCode).not.toBe(0);
  }, 180_000);

  test('run prints the command output and returns its exit code, locally and over SSH', async () => {
    const cmd = ['node', '-e', 'console.log(6*7); console.error(process.env.DYNO); process.exit(3)'];
    const local = await berth(['run', app, '--', ...cmd]);
    expect(local.stdout.trim()).toBe('42');
    expect(local.stderr).toMatch(/run\.\d+/);
    expect(local.exitCode).toBe(3);
    const remote = await ssh(['run', app, ...cmd]);
    expect(remote.stdout.trim()).toBe('42');
    expect(remote.exitCode).toBe(3);
    const ok = await ssh(['run', app, 'node', '-e', 'console.log("fine")']);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout.trim()).toBe('fine');
    const left = await docker(['ps', '-a', '--filter', `label=com.dokku.app-name=${app}`, '--filter', 'label=com.dokku.container-type=run', '-q']);
    expect(left.stdout.trim()).toBe('');
  }, 120_000);

  test('run --env adds variables next to the app config', async () => {
    expect((await berth(['config:set', '--no-restart', app, 'FROM_CONFIG=yes'])).exitCode).toBe(0);
    const r = await ssh(['run', app, '--env', 'EXTRA=a b', '--env=MORE=2', 'node', '-e', 'console.log([process.env.FROM_CONFIG, process.env.EXTRA, process.env.MORE].join("|"))']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe('yes|a b|2');
  }, 120_000);

  test('run with a tty over ssh -t', async () => {
    const r = await ssh(['run', app, 'node', '-e', 'console.log(process.stdout.isTTY ? "tty" : "pipe")'], { tty: true });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('tty');
  }, 120_000);

  test('run:detached prints the container name and returns at once; run:list shows it', async () => {
    const r = await berth(['run:detached', app, 'node', '-e', 'setTimeout(() => {}, 30000)']);
    expect(r.exitCode).toBe(0);
    const name = r.stdout.trim();
    expect(name).toMatch(new RegExp(`^${app}\\.run\\.\\d+\\.`));
    const list = await berth(['run:list', app, '--format', 'json']);
    expect(JSON.parse(list.stdout).map((c: { name: string }) => c.name)).toContain(name);
    await docker(['rm', '-f', name]);
  }, 120_000);

  test('enter runs a command in the running web container', async () => {
    const r = await berth(['enter', app, 'web', 'node', '-e', 'console.log(process.env.DYNO); process.exit(4)']);
    expect(r.stdout.trim()).toBe('web.1');
    expect(r.exitCode).toBe(4);
  }, 120_000);
});
