import fs from 'node:fs';
import path from 'node:path';
import { appHost, appRepo, berth, commitAll, docker, gitPush, repoRoot, request, ssh, uniqueApp } from './harness.js';

/**
 * Buildpack apps end to end: git push over SSH → buildpacks run in the stack image → committed image
 * → container → nginx. The node fixture's build step is slow on a cold cache and skipped on a warm
 * one, so the second push shows (and measures) what the per-app cache volume buys.
 */
const fixtureBuildpacks = path.join(repoRoot, 'fixtures', 'buildpacks');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const builtIn = (output: string) => Number(/Built berth\/\S+:latest in ([\d.]+)s/.exec(output)?.[1] ?? NaN);

async function timedPush(dir: string, app: string) {
  const t0 = performance.now();
  const push = await gitPush(dir, app);
  return { push, ms: performance.now() - t0 };
}

async function imageConfig(ref: string) {
  const r = await docker(['image', 'inspect', ref]);
  return r.exitCode === 0 ? (JSON.parse(r.stdout) as { Config: Record<string, any> }[])[0].Config : undefined;
}

describe('buildpack deploys', () => {
  const app = uniqueApp('bp');
  const site = uniqueApp('bps');
  const secret = `tok-${Math.random().toString(36).slice(2, 10)}`;
  let repo: string;
  let siteRepo: string;
  const timings: Record<string, string> = {};

  beforeAll(async () => {
    repo = await appRepo('node-buildpack');
    siteRepo = await appRepo('static-site');
    expect((await berth(['apps:create', app])).exitCode).toBe(0);
    expect((await berth(['config:set', '--no-restart', app, `SECRET_TOKEN=${secret}`])).exitCode).toBe(0);
  }, 60_000);

  afterAll(async () => {
    console.log(`buildpack deploy timings (push → serving, and the image build inside it): ${JSON.stringify(timings)}`);
    for (const a of [app, site]) await berth(['apps:destroy', a, '--force']);
    for (const d of [repo, siteRepo]) fs.rmSync(d, { recursive: true, force: true });
  }, 120_000);

  test('a Node.js app without a Dockerfile is built from buildpacks and served (cold cache)', async () => {
    const { push, ms } = await timedPush(repo, app);
    expect(push.exitCode).toBe(0);
    const out = push.all ?? '';
    expect(out).toContain(`-----> Building ${app} from buildpacks`);
    expect(out).toContain('-----> Node.js app detected');
    expect(out).toContain('Cache empty (first build)');
    expect(out).toMatch(/build: assets \w+ compiled in [\d.]+s \(cache miss\)/);
    expect(out).toContain('Procfile declares types -> web');
    expect(out).toContain('Default types for buildpack -> web');
    expect(out).toContain('=====> Application deployed:');
    timings.cold = seconds(ms);
    timings.coldBuild = `${builtIn(out)}s`;
    const res = await request(appHost(app));
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^Hello from the berth node-buildpack sample \(v1, assets \w+ from a cache miss, NODE_ENV=production, uid 32767\) on web\.1$/m);
    expect(JSON.parse((await berth(['builder:report', app, '--format', 'json'])).stdout)).toMatchObject({ 'builder-detected': 'buildpack' });
  }, 300_000);

  test('the image: labels, unprivileged user, /exec entry, process table; config values are not baked in', async () => {
    const config = await imageConfig(`berth/${app}:latest`);
    expect(config?.Labels).toMatchObject({
      'com.dokku.image-stage': 'build',
      'com.dokku.builder-type': 'buildpack',
      'com.dokku.app-name': app,
      'com.berth.process-types': JSON.stringify({ web: 'node server.js' }),
    });
    expect(config?.User).toBe('32767:32767');
    expect(config?.Entrypoint).toEqual(['/exec']);
    expect(config?.Cmd).toEqual(['/start', 'web']);
    expect(config?.Env).toContain('NODE_ENV=production');
    expect(JSON.stringify(config)).not.toContain(secret);
    const inside = await docker(['run', '--rm', '--network', 'none', `berth/${app}:latest`, 'sh', '-c', 'cat /usr/local/lib/berth/processes; ls -A /tmp; id -u; echo "$PATH"']);
    expect(inside.exitCode).toBe(0);
    expect(inside.stdout).toContain('web: node server.js');
    expect(inside.stdout).not.toContain('berth'); // /tmp/berth (with ENV_DIR) is gone
    expect(inside.stdout).toContain('32767');
    expect(inside.stdout).toContain('/app/node_modules/.bin'); // .profile.d was loaded by /exec
    const grep = await docker(['run', '--rm', '--network', 'none', `berth/${app}:latest`, 'sh', '-c', `grep -rl ${secret} /app /tmp /etc /usr/local 2>/dev/null; true`]);
    expect(grep.stdout.trim()).toBe('');
    const running = await docker(['ps', '--filter', `label=com.dokku.app-name=${app}`, '--filter', 'label=com.dokku.process-type=web', '--format', '{{.ID}}']);
    const env = await docker(['inspect', '--format', '{{json .Config.Env}}', running.stdout.trim().split('\n')[0]]);
    expect(env.stdout).toContain(`SECRET_TOKEN=${secret}`);
    expect((await docker(['volume', 'inspect', `cache-${app}`])).exitCode).toBe(0);
  }, 60_000);

  test('a second push restores the build cache and is faster (warm cache)', async () => {
    const file = path.join(repo, 'server.js');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("const version = 'v1';", "const version = 'v2';"));
    await commitAll(repo, 'v2');
    const { push, ms } = await timedPush(repo, app);
    expect(push.exitCode).toBe(0);
    const out = push.all ?? '';
    expect(out).toContain('- .build-cache (restored from the build cache)');
    expect(out).toMatch(/build: assets \w+ reused from \.build-cache \(cache hit\)/);
    timings.warm = seconds(ms);
    timings.warmBuild = `${builtIn(out)}s`;
    const res = await request(appHost(app));
    expect(res.body).toMatch(/\(v2, assets \w+ from a cache hit, NODE_ENV=production, uid 32767\) on web\.1/);
    expect(builtIn(out)).toBeLessThan(Number.parseFloat(timings.coldBuild));
  }, 300_000);

  test('a static site is detected by the static buildpack and served by its file server', async () => {
    const { push, ms } = await timedPush(siteRepo, site);
    expect(push.exitCode).toBe(0);
    timings.static = seconds(ms);
    expect(push.all).toContain('-----> Static HTML app detected');
    expect(push.all).toContain('Default types for buildpack -> web');
    const index = await request(appHost(site));
    expect(index.status).toBe(200);
    expect(index.body).toContain('Static site served by the berth static buildpack');
    expect((await request(appHost(site), '/style.css')).body).toContain('font-family');
    expect((await request(appHost(site), '/.static')).status).toBe(404);
    expect((await request(appHost(site), '/nope.html')).status).toBe(404);
  }, 300_000);

  test('buildpacks:* over SSH: network URLs can be listed, host paths are refused', async () => {
    const upstream = 'https://github.com/heroku/heroku-buildpack-nodejs.git#main';
    expect((await ssh(['buildpacks:add', site, upstream])).exitCode).toBe(0);
    const local = await ssh(['buildpacks:add', site, '/etc']);
    expect(local.exitCode).not.toBe(0);
    expect(local.all).toContain('can only be configured on the host itself');
    const list = await ssh(['buildpacks:list', site, '--format', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([upstream]);
    const report = await ssh(['buildpacks:report', site, '--format', 'json']);
    expect(JSON.parse(report.stdout)).toMatchObject({ 'buildpacks-list': upstream, 'buildpacks-computed-stack': 'berth/stack:bookworm' });
    expect((await ssh(['buildpacks:clear', site])).exitCode).toBe(0);
    expect(JSON.parse((await ssh(['buildpacks:list', site, '--format', 'json'])).stdout)).toEqual([]);
  }, 60_000);

  test('a .buildpacks file naming a host path fails the build; the running release keeps serving', async () => {
    fs.writeFileSync(path.join(siteRepo, '.buildpacks'), `${path.join(fixtureBuildpacks, 'static')}\n`);
    await commitAll(siteRepo, 'buildpacks file with a host path');
    const push = await gitPush(siteRepo, site);
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toContain("is on this host's filesystem");
    expect(push.all).toContain('App build failed');
    expect((await request(appHost(site))).body).toContain('Static site served by the berth static buildpack');
  }, 300_000);

  test('an explicit list set on the host runs every buildpack in order (static + Procfile)', async () => {
    for (const bp of ['static', 'procfile']) expect((await berth(['buildpacks:add', site, path.join(fixtureBuildpacks, bp)])).exitCode).toBe(0);
    fs.writeFileSync(path.join(siteRepo, 'Procfile'), 'web: node .static-server/server.cjs\n');
    await commitAll(siteRepo, 'Procfile');
    const push = await gitPush(siteRepo, site);
    expect(push.exitCode).toBe(0);
    const out = push.all ?? '';
    expect(out).toContain(`Buildpacks from buildpacks:list ${site}`); // the app's list wins over .buildpacks
    expect(out.indexOf('-----> Static HTML app detected')).toBeGreaterThan(0);
    expect(out.indexOf('-----> Procfile app detected')).toBeGreaterThan(out.indexOf('-----> Static HTML app detected'));
    expect(out).toContain('Procfile declares types -> web');
    expect((await request(appHost(site))).status).toBe(200);
  }, 300_000);

  test('apps:destroy removes the build cache volume', async () => {
    expect((await berth(['apps:destroy', app, '--force'])).exitCode).toBe(0);
    expect((await docker(['volume', 'inspect', `cache-${app}`])).exitCode).not.toBe(0);
  }, 120_000);
});
