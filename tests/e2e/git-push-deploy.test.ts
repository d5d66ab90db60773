import fs from 'node:fs';
import path from 'node:path';
import { appFixture, appHost, berth, commitAll, docker, gitPush, request, ssh, state, uniqueApp } from './harness.js';

/** The main job end to end: real git over real SSH into real Docker behind real nginx. */
describe('git push deploy over SSH', () => {
  const { app, repo } = appFixture('push', 'sample');

  test('first push builds, deploys and serves the app through nginx', async () => {
    const push = await gitPush(repo, app);
    expect(push.all).toContain('-----> ');
    expect(push.all).toContain('Application deployed');
    expect(push.exitCode).toBe(0);
    const res = await request(appHost(app));
    expect(res.status).toBe(200);
    expect(res.body).toContain('Hello from berth sample (hello) on web.1');
  }, 300_000);

  test('apps:list over SSH shows the app', async () => {
    const r = await ssh(['apps:list']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toContain(app);
  }, 60_000);

  test('a second push with a change is served', async () => {
    const file = path.join(repo, 'server.js');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Hello from berth sample', 'Hello again from berth sample'));
    await commitAll(repo, 'change greeting text');
    const push = await gitPush(repo, app);
    expect(push.exitCode).toBe(0);
    expect((await request(appHost(app))).body).toContain('Hello again from berth sample');
  }, 300_000);

  test('config:set over SSH reaches the running app without a rebuild', async () => {
    const r = await ssh(['config:set', app, 'GREETING=it is "quoted" & $dollar']);
    expect(r.exitCode).toBe(0);
    expect(r.all).not.toContain('Building');
    expect((await request(appHost(app))).body).toContain('(it is "quoted" & $dollar)');
  }, 180_000);

  test('config values never appear in container argv', async () => {
    const ps = await docker(['ps', '--no-trunc', '--filter', `label=com.dokku.app-name=${app}`, '--format', '{{.Command}}']);
    expect(ps.stdout).not.toContain('quoted');
  });

  test('a push from an unknown key is refused', async () => {
    const push = await gitPush(repo, app, { key: 'stranger' });
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toMatch(/Permission denied/);
  }, 60_000);

  test('a locked app refuses pushes with a clear message, and accepts them again when unlocked', async () => {
    expect((await ssh(['apps:lock', app])).exitCode).toBe(0);
    fs.appendFileSync(path.join(repo, 'server.js'), '\n// locked push\n');
    await commitAll(repo, 'push while locked');
    const refused = await gitPush(repo, app);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.all).toMatch(/locked/i);
    expect((await ssh(['apps:unlock', app])).exitCode).toBe(0);
    const accepted = await gitPush(repo, app);
    expect(accepted.exitCode).toBe(0);
  }, 300_000);

  test('apps:destroy leaves no container, image, nginx config or repo behind', async () => {
    const r = await berth(['apps:destroy', app, '--force']);
    expect(r.exitCode).toBe(0);
    const containers = await docker(['ps', '-aq', '--filter', `label=com.dokku.app-name=${app}`]);
    expect(containers.stdout.trim()).toBe('');
    const images = await docker(['images', '-q', `berth/${app}`]);
    expect(images.stdout.trim()).toBe('');
    expect(fs.existsSync(path.join(state().root, app))).toBe(false);
    const res = await request(appHost(app));
    expect(res.status).toBe(404);
  }, 120_000);
});

describe('bad input is refused with a clear message and changes nothing', () => {
  const app = uniqueApp('bad');

  beforeAll(async () => {
    expect((await berth(['apps:create', app])).exitCode).toBe(0);
  });

  afterAll(async () => {
    await berth(['apps:destroy', app, '--force']);
  });

  test.each([['Bad_Name'], ['-x'], ['a/b'], ['..'], ['UPPER']])('app name %p', async (name) => {
    const before = fs.readdirSync(state().root).sort();
    const r = await ssh(['apps:create', name]);
    expect(r.exitCode).not.toBe(0);
    // '-x' reads as an option, so it is refused as a missing name; either way nothing is created.
    expect(r.all).toMatch(/App name must begin with lowercase alphanumeric|Please specify an app to run the command on/);
    expect(fs.readdirSync(state().root).sort()).toEqual(before);
  });

  test.each([['bad domain'], ['-evil.com'], ['a..b'], ['x_y.com']])('domain %p', async (domain) => {
    const before = (await berth(['domains:report', app, '--format', 'json'])).stdout;
    const r = await ssh(['domains:add', app, domain]);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toMatch(/domain/i);
    expect((await berth(['domains:report', app, '--format', 'json'])).stdout).toBe(before);
  });

  test.each([['1BAD=x'], ['has-dash=x'], ['=novalue'], ['NOEQUALS']])('config key %p', async (pair) => {
    const r = await ssh(['config:set', '--no-restart', app, pair]);
    expect(r.exitCode).not.toBe(0);
    expect(r.all.length).toBeGreaterThan(0);
    expect((await berth(['config:keys', app])).stdout.trim()).toBe('');
  });

  test('a command with shell metacharacters is split, never evaluated', async () => {
    const marker = path.join(state().dir, 'pwned');
    const r = await ssh([`apps:exists ${app}; touch ${marker}`], { raw: true });
    expect(fs.existsSync(marker)).toBe(false);
    expect(r.exitCode).not.toBe(0);
  });
});
