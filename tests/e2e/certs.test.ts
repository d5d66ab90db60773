import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { appHost, appRepo, berth, freePort, gitPush, request, ssh, state, uniqueApp } from './harness.js';
import { watchArgv } from '../helpers/argv-watch.js';

/** certs:add over SSH with a tar on stdin, then https through the platform's nginx; the key never leaks. */
const app = uniqueApp('tls');
let repo: string;
let work: string;
let httpsPort: number;
let crt: string;
let key: string;

/** An https GET that trusts only our certificate and checks it names the app's host. */
function httpsGet(): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const host = appHost(app);
    const req = https.request(
      { host: '127.0.0.1', port: httpsPort, path: '/', servername: host, headers: { Host: host }, ca: fs.readFileSync(crt), agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

type Outcome<T> = { value: T } | { error: string };

/** Polls `probe` every 50 ms until `ok` holds; errors are outcomes too (Node's errors fail jest's instanceof). */
async function until<T>(probe: () => Promise<T>, ok: (o: Outcome<T>) => boolean, what: string, timeoutMs = 10000): Promise<Outcome<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const o: Outcome<T> = await probe().then((value) => ({ value }), (e: Error) => ({ error: String(e?.message ?? e) }));
    if (ok(o)) return o;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(o)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}


beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-certs-'));
  crt = path.join(work, 'server.crt');
  key = path.join(work, 'server.key');
  await execa('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', key, '-out', crt, '-subj', `/CN=${appHost(app)}`, '-addext', `subjectAltName=DNS:${appHost(app)}`]);
  repo = await appRepo('sample');
  const push = await gitPush(repo, app);
  expect(push.exitCode).toBe(0);
  httpsPort = await freePort();
  const ports = await berth(['ports:set', app, `http:${state().httpPort}:5000`, `https:${httpsPort}:5000`]);
  expect(ports.exitCode).toBe(0);
}, 120_000);

afterAll(async () => {
  await berth(['apps:destroy', app, '--force']);
  for (const d of [repo, work]) if (d) fs.rmSync(d, { recursive: true, force: true });
}, 120_000);

describe('certs through nginx', () => {
  test('certs:add over SSH with a tar on stdin serves https; the key is 0600, owned by the platform user, never in argv or the event log', async () => {
    const tar = await execa('tar', ['-cf', '-', '-C', work, 'server.crt', 'server.key'], { encoding: 'buffer' });
    const bytes = Buffer.from(tar.stdout);
    // A tar of PEM files is plain ASCII, so it survives the harness's string input unchanged.
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const keyLines = fs.readFileSync(key, 'utf8').split('\n');
    const needle = keyLines[Math.floor(keyLines.length / 2)]!;
    const { result, samples, leaks } = await watchArgv(ssh(['certs:add', app], { input: bytes.toString('latin1') }), needle);
    expect(result.all).toContain('certificate');
    expect(result.exitCode).toBe(0);
    expect(samples).toBeGreaterThan(5);
    expect(leaks).toEqual([]);

    const res = await until(httpsGet, (o) => 'value' in o && o.value.status === 200, 'https to be served');
    expect('value' in res && res.value.body).toContain('Hello from berth sample');

    const installed = path.join(state().root, app, 'tls', 'server.key');
    const st = fs.statSync(installed);
    expect(st.mode & 0o777).toBe(0o600);
    expect(String(st.uid)).toBe((await execa('id', ['-u', state().user])).stdout.trim());
    expect(fs.readFileSync(path.join(state().libRoot, 'logs', 'events.log'), 'utf8')).not.toContain(needle);
    expect(result.all).not.toContain(needle);

    const report = JSON.parse((await ssh(['certs:report', app, '--format', 'json'])).stdout);
    expect(report).toMatchObject({ 'ssl-enabled': 'true', 'ssl-hostnames': appHost(app) });
  }, 60_000);

  test('certs:remove stops https; http is still served', async () => {
    const r = await ssh(['certs:remove', app]);
    expect(r.exitCode).toBe(0);
    await until(httpsGet, (o) => 'error' in o, 'https to stop');
    const res = await request(appHost(app));
    expect(res.status).toBe(200);
    expect(res.body).toContain('Hello from berth sample');
    expect(fs.existsSync(path.join(state().root, app, 'tls'))).toBe(false);
  }, 60_000);
});
