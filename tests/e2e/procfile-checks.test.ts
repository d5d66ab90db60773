import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { untilRetired } from '../helpers/retired.js';
import { appFixture, appHost, appRepo, berth, commitAll, docker, gitPush, repoRoot, request, ssh, state, uniqueApp } from './harness.js';

/** Until `probe` returns a value (bounded): readiness, never fixed sleeps. */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function copyFixture(fixture: string, into: string): void {
  fs.cpSync(path.join(repoRoot, 'fixtures', 'apps', fixture), into, { recursive: true });
}

/**
 * A bounded loopback load generator: one request at a time through nginx, keep-alive off,
 * at most 50 requests a second, until stopped or `maxRequests` were sent.
 */
function loadGenerator(host: string, maxRequests = 20_000) {
  const s = state();
  let stopped = false;
  const failures: string[] = [];
  let sent = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: s.httpPort, path: '/', headers: { Host: host }, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => {
          if (res.statusCode !== 200 || !body.includes('procfile-multi')) failures.push(`${res.statusCode}: ${body.slice(0, 120)}`);
          resolve();
        });
        res.on('error', (err) => (failures.push(err.message), resolve()));
      });
      req.on('error', (err) => (failures.push(err.message), resolve()));
      req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
      req.end();
    });
  const done = (async () => {
    while (!stopped && sent < maxRequests) {
      const t0 = Date.now();
      sent++;
      await one();
      const left = 20 - (Date.now() - t0);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return { sent, failures };
    },
  };
}

describe('Procfile process types, release task, scaling and zero-downtime', () => {
  const { app, repo } = appFixture('multi', 'procfile-multi');

  test('a push runs predeploy, the release task, every process type, postdeploy, and serves web', async () => {
    const push = await gitPush(repo, app);
    expect(push.all).toContain('Application deployed');
    expect(push.exitCode).toBe(0);
    expect(push.all).toContain('predeploy ran');
    expect(push.all).toContain('release task ran as release.1');
    expect(push.all).toContain('postdeploy ran');
    expect(push.all).toContain("Healthcheck 'web answers' succeeded for web.1");
    expect((await request(appHost(app))).body).toContain('procfile-multi v1 on web.1');
  }, 300_000);

  test('the worker runs as APP.worker.1 without a port, and its heartbeat is in its logs', async () => {
    const inspect = await docker(['inspect', `${app}.worker.1`]);
    expect(inspect.exitCode).toBe(0);
    const info = JSON.parse(inspect.stdout)[0];
    expect(info.Config.Env).toContain('DYNO=worker.1');
    expect(info.Config.Env.some((e: string) => e.startsWith('PORT='))).toBe(false);
    expect(info.Config.Cmd).toEqual(['/bin/sh', '-c', 'node worker.js']);
    await eventually(async () => ((await docker(['logs', `${app}.worker.1`])).stdout.includes('heartbeat from worker.1') ? true : undefined));
    const logs = await berth(['logs', app, '--num', '50']);
    expect(logs.stdout).toMatch(/app\[worker\.1\]: heartbeat from worker\.1/);
    const report = JSON.parse((await berth(['ps:report', app, '--format', 'json'])).stdout);
    expect(report['ps-count-web']).toBe('1');
    expect(report['ps-count-worker']).toBe('1');
  }, 60_000);

  test('ps:scale web=2 runs two web dynos and nginx balances across both', async () => {
    const r = await berth(['ps:scale', app, 'web=2', 'worker=1']);
    expect(r.exitCode).toBe(0);
    const seen = new Set<string>();
    for (let i = 0; i < 20 && seen.size < 2; i++) seen.add(/on (web\.\d)/.exec((await request(appHost(app))).body)?.[1] ?? '');
    expect([...seen].sort()).toEqual(['web.1', 'web.2']);
    const report = JSON.parse((await berth(['ps:report', app, '--format', 'json'])).stdout);
    expect(report['ps-scale']).toBe('web=2 worker=1');
    expect(report['ps-count-web']).toBe('2');
  }, 180_000);

  test('ps:scale refuses bad input and changes nothing', async () => {
    for (const arg of ['web=-1', 'Bad_Type!=1', 'web', 'release=1']) {
      const r = await berth(['ps:scale', app, arg]);
      expect(r.exitCode).not.toBe(0);
    }
    expect(JSON.parse((await berth(['ps:report', app, '--format', 'json'])).stdout)['ps-scale']).toBe('web=2 worker=1');
  }, 60_000);

  test('zero downtime: 10 rebuilds under load through nginx fail no request', async () => {
    const load = loadGenerator(appHost(app));
    const deploys: number[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const t0 = Date.now();
        const r = await ssh(['ps:rebuild', app]);
        if (r.exitCode !== 0) throw new Error(r.all);
        deploys.push(Date.now() - t0);
      }
    } finally {
      const { sent, failures } = await load.stop();
      console.log(`zero-downtime: ${sent} requests, ${failures.length} failed, deploys ${deploys.map((d) => (d / 1000).toFixed(1)).join(' ')} s`);
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(100);
    }
  }, 900_000);

  test('ps:restore brings back every process type with its scale', async () => {
    await untilRetired(state().libRoot, app);
    expect((await docker(['rm', '-f', `${app}.web.2`, `${app}.worker.1`])).exitCode).toBe(0);
    const r = await berth(['ps:restore']);
    expect(r.exitCode).toBe(0);
    await untilRetired(state().libRoot, app);
    const names = (await docker(['ps', '--filter', `label=com.dokku.app-name=${app}`, '--filter', 'label=com.dokku.container-type=deploy', '--format', '{{.Names}}'])).stdout;
    expect(names.split('\n').sort()).toEqual([`${app}.web.1`, `${app}.web.2`, `${app}.worker.1`]);
  }, 180_000);

  test('a failing release task aborts the deploy and the old release keeps serving', async () => {
    const before = (await docker(['inspect', '--format', '{{.Id}}', `${app}.worker.1`])).stdout;
    fs.writeFileSync(path.join(repo, 'Procfile'), 'web: node server.js\nworker: node worker.js\nrelease: echo "migration failed on purpose" && exit 3\n');
    fs.writeFileSync(path.join(repo, 'server.js'), fs.readFileSync(path.join(repo, 'server.js'), 'utf8').replace("'v1'", "'v2'"));
    await commitAll(repo, 'broken release task');
    const push = await gitPush(repo, app);
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toContain('migration failed on purpose');
    expect(push.all).toMatch(/release task failed \(exit code 3\)/);
    expect((await request(appHost(app))).body).toContain('procfile-multi v1');
    expect((await docker(['inspect', '--format', '{{.Id}}', `${app}.worker.1`])).stdout).toBe(before);
  }, 300_000);
});

describe('deploy checks', () => {
  const hc = uniqueApp('hc');
  const lo = uniqueApp('lo');
  const repos: string[] = [];

  afterAll(async () => {
    for (const a of [hc, lo]) await berth(['apps:destroy', a, '--force']);
    for (const r of repos) fs.rmSync(r, { recursive: true, force: true });
  }, 120_000);

  test('a failing healthcheck aborts the push with its output and the old release keeps serving', async () => {
    const repo = await appRepo('sample');
    repos.push(repo);
    expect((await gitPush(repo, hc)).exitCode).toBe(0);
    expect((await request(appHost(hc))).body).toContain('Hello from berth sample');
    copyFixture('failing-healthcheck', repo);
    await commitAll(repo, 'v2 with a failing healthcheck');
    const push = await gitPush(repo, hc);
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toContain("Healthcheck 'health endpoint' failed for web.1 after 2 attempts");
    expect(push.all).toContain('GET /health answered 500');
    expect(push.all).toContain('database unreachable');
    expect((await request(appHost(hc))).body).toContain('Hello from berth sample');
    const names = (await docker(['ps', '-a', '--filter', `label=com.dokku.app-name=${hc}`, '--format', '{{.Names}}'])).stdout.trim();
    expect(names).toBe(`${hc}.web.1`);
  }, 300_000);

  test('checks:skip, checks:disable, checks:enable and checks:report', async () => {
    expect((await berth(['checks:skip', hc, 'web'])).exitCode).toBe(0);
    expect((await berth(['checks:disable', hc, 'worker'])).exitCode).toBe(0);
    let report = JSON.parse((await berth(['checks:report', hc, '--format', 'json'])).stdout);
    // Dokku's report: each key twice (with and without the plugin prefix), and the retire wait (default 60 s)
    const retire = { 'computed-wait-to-retire': '60', 'global-wait-to-retire': '', 'wait-to-retire': '' };
    const keys = (rows: Record<string, string>) => Object.fromEntries(Object.entries({ ...retire, ...rows }).flatMap(([k, v]) => [[k, v], [`checks-${k}`, v]]));
    expect(report).toEqual(keys({ 'disabled-list': 'worker', 'skipped-list': 'web' }));
    expect((await berth(['checks:disable', hc, 'bad type'])).exitCode).not.toBe(0);
    expect((await berth(['checks:enable', hc])).exitCode).toBe(0);
    report = JSON.parse((await berth(['checks:report', hc, '--format', 'json'])).stdout);
    expect(report).toEqual(keys({ 'disabled-list': 'none', 'skipped-list': 'none' }));
  }, 60_000);

  test('a web process listening on 127.0.0.1 only is refused with a plain message', async () => {
    const repo = await appRepo('localhost-only');
    repos.push(repo);
    const push = await gitPush(repo, lo);
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toContain('web.1 listens on 127.0.0.1:5000 only; it must listen on 0.0.0.0:$PORT');
    const left = (await docker(['ps', '-aq', '--filter', `label=com.dokku.app-name=${lo}`, '--filter', 'label=com.dokku.container-type=deploy'])).stdout.trim();
    expect(left).toBe('');
  }, 300_000);
});
