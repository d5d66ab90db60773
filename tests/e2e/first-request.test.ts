import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { appFixture, appHost, appRepo, berth, freePort, gitPush, request, state, uniqueApp } from './harness.js';

/**
 * A command that switched the proxy returns only once the new release is what answers: the first request
 * after it must be right, with the host busy (the e2e run's background load). No retries here.
 */
describe('the first request after a deploy', () => {
  const { app, repo } = appFixture('first', 'sample');

  test('a brand-new app answers 200 to the first request after its first push', async () => {
    const push = await gitPush(repo, app);
    expect(push.exitCode).toBe(0);
    const res = await request(appHost(app));
    expect(res.status).toBe(200);
  }, 300_000);

  test('20 config:set redeploys: each first request sees the new value', async () => {
    const seen: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const set = await berth(['config:set', app, `GREETING=round ${i}`]);
      expect(set.exitCode).toBe(0);
      const res = await request(appHost(app));
      seen.push(res.status === 200 && res.body.includes(`(round ${i})`) ? 'new' : `stale: ${res.status} ${res.body.trim()}`);
    }
    expect(seen).toEqual(Array(20).fill('new'));
  }, 900_000);
});

/** Admins stand in root's home or another 0700 directory; commands must work from there. */
describe('root from a directory the platform user cannot enter', () => {
  const app = uniqueApp('rootdir');
  let repo: string;
  let closed: string;

  beforeAll(async () => {
    repo = await appRepo('sample');
    closed = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-closed-'));
    fs.chmodSync(closed, 0o700);
    expect((await gitPush(repo, app)).exitCode).toBe(0);
    // the e2e nginx cannot bind 443
    expect((await berth(['ports:set', app, `http:${state().httpPort}:5000`, `https:${await freePort()}:5000`])).exitCode).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await berth(['apps:destroy', app, '--force']);
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(closed, { recursive: true, force: true });
  }, 120_000);

  test('certs:add with relative file names in that directory serves https config', async () => {
    await execa('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', 'server.key', '-out', 'server.crt', '-subj', `/CN=${appHost(app)}`], { cwd: closed });
    const r = await berth(['certs:add', app, 'server.crt', 'server.key'], { cwd: closed });
    expect({ exit: r.exitCode, output: r.all }).toEqual({ exit: 0, output: expect.not.stringMatching(/EACCES|undefined/) });
    const report = await berth(['certs:report', app], { cwd: closed });
    expect(report.stdout).toContain(appHost(app));
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('berth-args-'))).toEqual([]);
  }, 180_000);

  test('apps:destroy of a deployed app works and stops routing it', async () => {
    const r = await berth(['apps:destroy', app, '--force'], { cwd: closed });
    expect({ exit: r.exitCode, output: r.all }).toEqual({ exit: 0, output: expect.not.stringMatching(/EACCES|undefined/) });
    expect((await request(appHost(app))).status).toBe(404);
  }, 180_000);
});
