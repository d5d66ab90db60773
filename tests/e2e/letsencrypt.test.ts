import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { appHost, appRepo, berth, freePort, gitPush, request, ssh, state, uniqueApp } from './harness.js';
import { startPebble, type Pebble } from '../helpers/pebble.js';

/**
 * letsencrypt against a real ACME server: Debian's pebble, validating HTTP-01 through the platform's nginx
 * (its DNS answers 127.0.0.1 for the app's name), certificates checked against pebble's issuing root.
 */
const app = uniqueApp('acme');
let pebble: Pebble;
let work: string;
let repo: string;
let httpsPort: number;
let root: string;

interface Served {
  status: number;
  body: string;
  serial: string;
  location?: string;
}

/** https GET through nginx that trusts only pebble's issuing root and checks the name. */
function httpsGet(name = app, port = (): number => httpsPort): Promise<Served & { names: string }> {
  return new Promise((resolve, reject) => {
    const host = appHost(name);
    const req = https.request({ host: '127.0.0.1', port: port(), path: '/', servername: host, headers: { Host: host }, ca: root, agent: false }, (res) => {
      const peer = (res.socket as tls.TLSSocket).getPeerCertificate();
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, serial: peer.serialNumber, names: peer.subjectaltname ?? '' }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

async function until<T>(probe: () => Promise<T>, ok: (v: T | Error) => boolean, what: string, timeoutMs = 15000): Promise<T | Error> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${v instanceof Error ? v.message : JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const served = <T extends Served>(v: T | Error): v is T => !(v instanceof Error) && v.status === 200;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-acme-'));
  fs.chmodSync(work, 0o755); // the platform user reads the server-ca file
  pebble = await startPebble(path.join(work, 'pebble'), state().httpPort);
  root = await pebble.issuingRoot();
  httpsPort = await freePort();
  for (const args of [
    ['apps:create', app],
    ['ports:set', app, `http:${state().httpPort}:5000`, `https:${httpsPort}:5000`],
    ['letsencrypt:set', app, 'server', pebble.directoryUrl],
    ['letsencrypt:set', app, 'server-ca', pebble.serverCa],
    ['config:set', '--no-restart', app, `DOKKU_LETSENCRYPT_EMAIL=admin@${state().domain}`],
  ]) {
    const r = await berth(args);
    if (r.exitCode !== 0) throw new Error(`berth ${args.join(' ')} failed (${r.exitCode}): ${r.all}`);
  }
}, 120_000);

afterAll(async () => {
  await berth(['apps:destroy', app, '--force']);
  await pebble?.stop();
  for (const d of [repo, work]) if (d) fs.rmSync(d, { recursive: true, force: true });
}, 120_000);

describe('letsencrypt with pebble', () => {
  test('bad settings are refused and change nothing', async () => {
    for (const [key, value] of [['email', 'not-an-address'], ['server', 'ftp://example.com/dir'], ['server-ca', '/nonexistent/ca.pem'], ['graceperiod', '30d']]) {
      const r = await ssh(['letsencrypt:set', app, key!, value!]);
      expect(r.exitCode).not.toBe(0);
      expect(r.all).toMatch(/Invalid|cannot be read/);
    }
    const report = JSON.parse((await ssh(['letsencrypt:report', app, '--format', 'json'])).stdout);
    expect(report).toMatchObject({ 'letsencrypt-server': pebble.directoryUrl, 'letsencrypt-email': '', 'letsencrypt-computed-email': `admin@${state().domain}`, 'letsencrypt-active': 'false' });
  });

  test('letsencrypt:enable before the first deploy answers HTTP-01 through nginx; the push then serves https with the chain to pebble\'s root', async () => {
    const r = await ssh(['letsencrypt:enable', app]);
    expect(r.all).toContain('Certificate retrieved successfully.');
    expect(r.exitCode).toBe(0);
    repo = await appRepo('sample');
    const push = await gitPush(repo, app);
    expect(push.exitCode).toBe(0);
    const res = await until(httpsGet, served, 'https to be served');
    expect((res as Served).body).toContain('Hello from berth sample');
    const http = await request(appHost(app));
    expect(http.status).toBe(301);

    const certs = JSON.parse((await ssh(['certs:report', app, '--format', 'json'])).stdout);
    expect(certs).toMatchObject({ 'ssl-enabled': 'true', 'ssl-hostnames': appHost(app) });
    expect(certs['ssl-issuer']).toMatch(/Pebble/i);
    expect((await ssh(['letsencrypt:active', app])).stdout.trim()).toBe('true');
    const list = await ssh(['letsencrypt:list']);
    expect(list.stdout).toContain(app);
    const keyFile = path.join(state().root, app, 'tls', 'server.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const accounts = path.join(state().libRoot, 'data', 'letsencrypt', '--global', 'accounts');
    for (const id of fs.readdirSync(accounts)) expect(fs.statSync(path.join(accounts, id, 'account.key')).mode & 0o777).toBe(0o600);
  }, 240_000);

  test('enable again is a no-op; auto-renew inside the grace period gets a new certificate; revoke is answered by pebble', async () => {
    const before = (await httpsGet()).serial;
    const again = await ssh(['letsencrypt', app]);
    expect(again.exitCode).toBe(0);
    expect(again.all).toContain('Certificate is still valid');
    const notDue = await ssh(['letsencrypt:auto-renew', app]);
    expect(notDue.all).toContain('left before renewal');
    expect((await ssh(['letsencrypt:set', app, 'graceperiod', '999999999'])).exitCode).toBe(0);
    const renew = await ssh(['letsencrypt:auto-renew']);
    expect(renew.all).toContain(`${app} needs renewal`);
    expect(renew.exitCode).toBe(0);
    const res = await until(httpsGet, (v) => served(v) && v.serial !== before, 'the renewed certificate to be served');
    expect((res as Served).body).toContain('Hello from berth sample');
    expect((await ssh(['letsencrypt:set', app, 'graceperiod'])).exitCode).toBe(0);

    // A renewal of the same domains, server and email replaces the current directory: nothing is stale.
    const cleanup = await ssh(['letsencrypt:cleanup', app]);
    expect(cleanup.exitCode).toBe(0);
    expect(cleanup.all).not.toContain('stale directory');
    expect((await ssh(['letsencrypt:active', app])).stdout.trim()).toBe('true');
    const revoke = await ssh(['letsencrypt:revoke', app]);
    expect(revoke.all).toContain('Certificate revoked successfully.');
    expect(revoke.exitCode).toBe(0);
    const twice = await ssh(['letsencrypt:revoke', app]);
    expect(twice.exitCode).not.toBe(0);
    expect(twice.all).toMatch(/ACME server .* answered: .*(already|revoked)/i);
  }, 240_000);

  test('a failed issuance says what the ACME server answered and leaves https served as before', async () => {
    const before = (await httpsGet()).serial;
    const other = `other-${app}.${state().domain}`;
    await pebble.pointAt(other, '127.0.0.2');
    expect((await ssh(['domains:add', app, other])).exitCode).toBe(0);
    const r = await ssh(['letsencrypt:enable', app]);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain(`the ACME server ${pebble.directoryUrl} answered`);
    const res = await httpsGet();
    expect(res.status).toBe(200);
    expect(res.serial).toBe(before);
    expect((await ssh(['domains:remove', app, other])).exitCode).toBe(0);
  }, 120_000);

  test('letsencrypt:disable removes the certificate; plain http is served again', async () => {
    const r = await ssh(['letsencrypt:disable', app]);
    expect(r.exitCode).toBe(0);
    await until(httpsGet, (v) => v instanceof Error, 'https to stop');
    const http = await request(appHost(app));
    expect(http.status).toBe(200);
    expect((await ssh(['letsencrypt:active', app])).stdout.trim()).toBe('false');
  }, 120_000);
});

describe('automatic TLS', () => {
  const auto = uniqueApp('acmeauto');
  let autoHttps: number;
  let autoRepo: string;

  beforeAll(async () => {
    autoHttps = await freePort();
    for (const args of [
      ['apps:create', auto],
      ['ports:set', auto, `http:${state().httpPort}:5000`, `https:${autoHttps}:5000`],
      ['letsencrypt:set', auto, 'server', pebble.directoryUrl],
      ['letsencrypt:set', auto, 'server-ca', pebble.serverCa],
      ['letsencrypt:set', auto, 'email', `admin@${state().domain}`],
      ['letsencrypt:set', auto, 'auto', 'true'],
    ]) {
      const r = await berth(args);
      if (r.exitCode !== 0) throw new Error(`berth ${args.join(' ')} failed (${r.exitCode}): ${r.all}`);
    }
  }, 120_000);

  afterAll(async () => {
    await berth(['apps:destroy', auto, '--force']);
    if (autoRepo) fs.rmSync(autoRepo, { recursive: true, force: true });
  }, 120_000);

  test('with auto true a deploy gets a certificate; an added domain is in the next one and a removed one is dropped', async () => {
    const other = `www-${auto}.${state().domain}`;
    autoRepo = await appRepo('sample');
    const push = await gitPush(autoRepo, auto);
    expect(push.exitCode).toBe(0);
    expect(push.all).toContain('Certificate retrieved successfully.');
    const get = () => httpsGet(auto, () => autoHttps);
    const first = await until(get, served, 'https for the auto app');
    expect((first as Served & { names: string }).names).toBe(`DNS:${appHost(auto)}`);

    const add = await ssh(['domains:add', auto, other]);
    expect(add.exitCode).toBe(0);
    const both = await until(get, (v) => served(v) && v.names.includes(other), 'a certificate naming the new domain');
    expect((both as Served & { names: string }).names).toContain(`DNS:${appHost(auto)}`);

    expect((await ssh(['domains:remove', auto, other])).exitCode).toBe(0);
    const dropped = await until(get, (v) => served(v) && !v.names.includes(other), 'a certificate without the removed domain');
    expect((dropped as Served).body).toContain('Hello from berth sample');
  }, 240_000);
});
