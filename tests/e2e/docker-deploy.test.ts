import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';
import { untilRetired } from '../helpers/retired.js';

/**
 * The build → release → deploy path against the real Docker engine, on a platform of its own
 * (no proxy: the dynos are reached on their 127.0.0.1 host ports, as nginx reaches them).
 */
const fixture = path.join(repoRoot, 'fixtures', 'apps', 'sample');
const app = `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const secret = `s3cret-${Math.random().toString(36).slice(2, 10)}`;
let p: TempPlatform;
let work: string;

const run = (args: string[]) => berth(p, args, { env: { BERTH_NO_DROP: '1' } });
const docker = (args: string[]) => execa('docker', args, { reject: false });
const slot = (kind: 'CONTAINER' | 'PORT', n = 1) => fs.readFileSync(path.join(p.root, app, `${kind}.web.${n}`), 'utf8').trim();

function get(port: number | string, pathname = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: Number(port), path: pathname, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('request timed out')));
  });
}

/** A copy of the sample app with some files replaced. */
function variant(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name);
  fs.cpSync(fixture, dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

async function inspect(idOrName: string) {
  const r = await docker(['inspect', idOrName]);
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as any[])[0] : undefined;
}

async function appContainers(): Promise<string[]> {
  const r = await docker(['ps', '-a', '--filter', `label=com.dokku.app-name=${app}`, '--format', '{{.Names}}']);
  return r.stdout.split('\n').filter(Boolean).sort();
}

beforeAll(async () => {
  p = tempPlatform({ builtins: true });
  // No proxy here: the nginx plugin would otherwise reload the host's nginx.
  for (const name of ['nginx', 'proxy']) fs.rmSync(path.join(p.pluginPath, 'enabled', name), { force: true });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-deploy-'));
  expect((await run(['apps:create', app])).exitCode).toBe(0);
  expect((await run(['config:set', '--no-restart', app, `GREETING=${secret}`])).exitCode).toBe(0);
}, 60_000);

afterAll(async () => {
  await run(['apps:destroy', app, '--force']);
  const left = await docker(['ps', '-aq', '--filter', `label=com.dokku.app-name=${app}`]);
  if (left.stdout.trim()) await docker(['rm', '-f', ...left.stdout.trim().split('\n')]);
  const images = await docker(['images', '-q', `berth/${app}`]);
  if (images.stdout.trim()) await docker(['rmi', '-f', ...new Set(images.stdout.trim().split('\n'))]);
  fs.rmSync(work, { recursive: true, force: true });
  p.cleanup();
}, 120_000);

describe('docker-local deploy', () => {
  test('a build from a Dockerfile is released and deployed, Heroku-style', async () => {
    const r = await run(['builder:build', app, fixture]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`-----> Building ${app} from Dockerfile`);
    expect(r.stdout).toMatch(/^ {7}Step 1\/\d+ : FROM berth\/stack:bookworm$/m);
    expect(r.stdout).toContain(`-----> Releasing ${app}...`);
    expect(r.stdout).toContain(`-----> Deploying ${app} via the docker-local scheduler...`);
    expect(r.stdout).toContain('=====> Application deployed:');
    const logs = fs.readdirSync(path.join(p.libRoot, 'data', 'builds', app));
    expect(logs).toHaveLength(1);
    expect(fs.readFileSync(path.join(p.libRoot, 'data', 'builds', app, logs[0]), 'utf8')).toContain('=====> Application deployed:');
  }, 300_000);

  test('the container has the right name, labels, env and a loopback-only port', async () => {
    const c = await inspect(slot('CONTAINER'));
    expect(c.Name).toBe(`/${app}.web.1`);
    expect(c.Config.Labels).toMatchObject({
      berth: '',
      'com.dokku.app-name': app,
      'com.dokku.process-type': 'web',
      'com.dokku.dyno': 'web.1',
      'com.dokku.container-type': 'deploy',
      'com.dokku.image-stage': 'release',
      'com.dokku.builder-type': 'dockerfile',
    });
    expect(c.Config.Image).toBe(`berth/${app}:v1`);
    expect(c.Config.Env).toEqual(expect.arrayContaining(['PORT=5000', 'DYNO=web.1', `GREETING=${secret}`]));
    expect(c.HostConfig.PortBindings['5000/tcp'][0].HostIp).toBe('127.0.0.1');
    expect(c.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 10 });
    expect(slot('PORT')).toBe(c.NetworkSettings.Ports['5000/tcp'][0].HostPort);
    const res = await get(slot('PORT'));
    expect(res.body).toBe(`Hello from berth sample (${secret}) on web.1\n`);
  }, 30_000);

  test('config values never appear in any process argv', async () => {
    const ps = await execa('ps', ['-eo', 'args']);
    expect(ps.stdout).toContain('node server.js');
    expect(ps.stdout).not.toContain(secret);
    const c = await inspect(slot('CONTAINER'));
    expect(JSON.stringify([c.Path, c.Args, c.Config.Cmd])).not.toContain(secret);
  });

  test('a second deploy replaces the container while the old one keeps answering', async () => {
    const oldId = slot('CONTAINER');
    const dir = variant('again', { 'server.js': fs.readFileSync(path.join(fixture, 'server.js'), 'utf8').replace('Hello from', 'Hello again from') });
    const deploy = run(['builder:build', app, dir]);
    let done = false;
    void deploy.finally(() => (done = true));
    const seen = new Set<string>();
    let failures = 0;
    while (!done) {
      try {
        seen.add((await get(slot('PORT'))).body.split(' (')[0]);
      } catch {
        failures++;
      }
    }
    const r = await deploy;
    expect(r.exitCode).toBe(0);
    expect(failures).toBe(0);
    expect([...seen]).toEqual(['Hello from berth sample', 'Hello again from berth sample']);
    expect(slot('CONTAINER')).not.toBe(oldId);
    await untilRetired(p.libRoot, app);
    expect(await inspect(oldId)).toBeUndefined();
    expect(await appContainers()).toEqual([`${app}.web.1`]);
  }, 300_000);

  test('a broken Dockerfile fails the build and leaves the running release untouched', async () => {
    const before = slot('CONTAINER');
    const dir = variant('broken', { Dockerfile: 'FROM berth/stack:bookworm\nCOPY . /app\nRUN echo about to fail && exit 3\nCMD ["node", "server.js"]\n' });
    const r = await run(['builder:build', app, dir]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toContain('about to fail');
    expect(r.stderr).toContain('RUN echo about to fail && exit 3');
    expect(r.stderr).toContain('returned a non-zero code: 3');
    expect(r.stderr).toContain('App build failed');
    expect(slot('CONTAINER')).toBe(before);
    expect((await get(slot('PORT'))).body).toContain('Hello again from berth sample');
  }, 300_000);

  test('a dyno that exits before listening fails the deploy; the old one keeps serving', async () => {
    const before = slot('CONTAINER');
    const dir = variant('crash', { 'server.js': 'console.log("cannot start: missing DATABASE_URL");\nprocess.exit(4);\n' });
    const r = await run(['builder:build', app, dir]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('web.1 stopped before it listened on port 5000 (exit code 4)');
    expect(r.stderr).toContain('cannot start: missing DATABASE_URL');
    expect(slot('CONTAINER')).toBe(before);
    expect(await appContainers()).toEqual([`${app}.web.1`]);
    expect((await get(slot('PORT'))).body).toContain('Hello again from berth sample');
  }, 300_000);

  test('ps:stop, ps:start and ps:restart', async () => {
    const stop = await run(['ps:stop', app]);
    expect(stop.exitCode).toBe(0);
    expect((await inspect(slot('CONTAINER'))).State.Running).toBe(false);
    const stopped = JSON.parse((await run(['ps:report', app, '--format', 'json'])).stdout);
    expect(stopped).toMatchObject({ deployed: 'true', running: 'false', restore: 'false', status: 'stopped' });

    const start = await run(['ps:start', app]);
    expect(start.exitCode).toBe(0);
    expect((await get(slot('PORT'))).body).toContain('Hello again from berth sample');
    const started = JSON.parse((await run(['ps:report', app, '--format', 'json'])).stdout);
    expect(started).toMatchObject({ running: 'true', processes: '1', restore: 'true', 'ps-computed-restart-policy': 'on-failure:10' });

    const before = slot('CONTAINER');
    const restart = await run(['ps:restart', app]);
    expect(restart.exitCode).toBe(0);
    expect(restart.stdout).not.toContain('Building');
    expect(slot('CONTAINER')).not.toBe(before);
    expect((await get(slot('PORT'))).body).toContain('Hello again from berth sample');
  }, 120_000);

  test('ps:scale web=2 runs two dynos, web=1 retires the surplus one', async () => {
    expect((await run(['ps:scale', app, 'worker=1'])).exitCode).not.toBe(0);
    expect((await run(['ps:scale', app, 'web=x'])).exitCode).not.toBe(0);
    const up = await run(['ps:scale', app, 'web=2']);
    expect(up.exitCode).toBe(0);
    await untilRetired(p.libRoot, app);
    expect(await appContainers()).toEqual([`${app}.web.1`, `${app}.web.2`]);
    expect((await get(slot('PORT', 1))).body).toContain('on web.1');
    expect((await get(slot('PORT', 2))).body).toContain('on web.2');
    expect((await run(['ps:scale', app])).stdout).toMatch(/^web: +2$/m);

    const down = await run(['ps:scale', app, 'web=1']);
    expect(down.exitCode).toBe(0);
    await untilRetired(p.libRoot, app);
    expect(await appContainers()).toEqual([`${app}.web.1`]);
    expect(fs.existsSync(path.join(p.root, app, 'PORT.web.2'))).toBe(false);
  }, 180_000);

  test('logs shows the dyno output Heroku-style, -q without prefixes', async () => {
    await get(slot('PORT'), '/logged-path');
    const pretty = await run(['logs', app, '-n', '50']);
    expect(pretty.exitCode).toBe(0);
    expect(pretty.stdout).toMatch(/^\d{4}-\d\d-\d\dT\S+Z app\[web\.1\]: GET \/logged-path$/m);
    const raw = await run(['logs', app, '-q']);
    expect(raw.stdout.split('\n')).toContain('GET /logged-path');
  }, 60_000);

  test('apps:destroy removes every container and image of the app', async () => {
    const r = await run(['apps:destroy', app, '--force']);
    expect(r.exitCode).toBe(0);
    expect(await appContainers()).toEqual([]);
    expect((await docker(['images', '-q', `berth/${app}`])).stdout.trim()).toBe('');
  }, 120_000);
});
