import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { berthBin, tempPlatform, type TempPlatform } from '../helpers/platform.js';
import { secondsToRenewal } from '../../plugins/letsencrypt/enable.js';
import { formatSpan } from '../../plugins/letsencrypt/renew.js';
import { configHash } from '../../plugins/letsencrypt/store.js';

/** The letsencrypt plugin through the built CLI on a temp platform (nginx left out; the real ACME flow is the e2e's). */
let p: TempPlatform;
let acme: http.Server;
let acmeUrl: string;
const app = 'web';
const run = (args: string[]) => execa(berthBin, args, { env: { ...p.env, BERTH_NO_DROP: '1' }, reject: false, all: true, cwd: p.dir });
const prop = (scope: string, key: string) => path.join(p.libRoot, 'config', 'letsencrypt', scope, key);
const data = (...parts: string[]) => path.join(p.libRoot, 'data', 'letsencrypt', ...parts);

/** An ACME directory whose newAccount answers with a problem document, as a server refusing an account does. */
function refusingAcmeServer(): Promise<string> {
  acme = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(acme.address() as net.AddressInfo).port}`;
    res.setHeader('Replay-Nonce', `nonce-${Date.now()}`);
    if (req.url === '/dir') return void res.end(JSON.stringify({ newNonce: `${base}/nonce`, newAccount: `${base}/account`, newOrder: `${base}/order`, revokeCert: `${base}/revoke` }));
    if (req.url === '/nonce') return void res.end();
    res.statusCode = 400;
    res.setHeader('Content-Type', 'application/problem+json');
    res.end(JSON.stringify({ type: 'urn:ietf:params:acme:error:invalidContact', detail: 'contact domain example.invalid is not accepted' }));
  });
  return new Promise((resolve) => acme.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(acme.address() as net.AddressInfo).port}/dir`)));
}

beforeAll(async () => {
  p = tempPlatform({ builtins: true });
  fs.rmSync(path.join(p.pluginPath, 'enabled', 'nginx'), { force: true });
  acmeUrl = await refusingAcmeServer();
  expect((await run(['apps:create', app])).exitCode).toBe(0);
}, 60_000);

afterAll(() => {
  acme?.close();
  p?.cleanup();
});

describe('letsencrypt logic', () => {
  test('the config hash ignores domain order; renewal is due inside the grace period; spans read like Dokku', () => {
    expect(configHash('s', 'e', ['a.example.com', 'b.example.com'])).toBe(configHash('s', 'e', ['b.example.com', 'a.example.com']));
    expect(configHash('s', 'e', ['a.example.com'])).not.toBe(configHash('s', 'other', ['a.example.com']));
    const now = Date.parse('2026-01-01T00:00:00Z');
    const in40days = new Date(now + 40 * 86400_000);
    expect(secondsToRenewal(in40days, 30 * 86400, now)).toBe(10 * 86400);
    expect(secondsToRenewal(in40days, 50 * 86400, now)).toBeLessThan(0);
    expect(formatSpan(86400 * 2 + 3600 + 5)).toBe('2d, 1h, 5s');
    expect(formatSpan(-1)).toBe('now');
  });
});

describe('letsencrypt commands', () => {
  test('set: bad emails, servers, CA files and grace periods are refused and write nothing; good values are stored', async () => {
    for (const [key, value] of [['email', 'nobody'], ['email', 'a b@example.com'], ['server', 'ftp://x/dir'], ['server', '-x'], ['server-ca', 'relative.pem'], ['server-ca', '/nonexistent.pem'], ['graceperiod', '-1'], ['graceperiod', '30d'], ['colour', 'red']]) {
      const r = await run(['letsencrypt:set', app, key!, value!]);
      expect({ key, value, exit: r.exitCode }).toEqual({ key, value, exit: 1 });
      expect(fs.existsSync(prop(app, key!))).toBe(false);
    }
    const notCa = path.join(p.dir, 'not-ca.pem');
    fs.writeFileSync(notCa, 'hello');
    expect((await run(['letsencrypt:set', app, 'server-ca', notCa])).all).toContain('holds no PEM certificate');
    expect((await run(['letsencrypt:set', app, 'server', 'staging'])).exitCode).toBe(0);
    expect((await run(['letsencrypt:set', '--global', 'graceperiod', '86400'])).exitCode).toBe(0);
    const report = JSON.parse((await run(['letsencrypt:report', app, '--format', 'json'])).stdout);
    expect(report).toMatchObject({
      'letsencrypt-server': 'staging',
      'letsencrypt-computed-server': 'https://acme-staging-v02.api.letsencrypt.org/directory',
      'letsencrypt-computed-graceperiod': '86400',
      'letsencrypt-global-graceperiod': '86400',
      'letsencrypt-active': 'false',
    });
    expect((await run(['letsencrypt:set', app, 'server'])).exitCode).toBe(0);
    expect(fs.existsSync(prop(app, 'server'))).toBe(false);
    expect(JSON.parse((await run(['letsencrypt:report', '--global', '--format', 'json'])).stdout)['letsencrypt-computed-server']).toBe('https://acme-v02.api.letsencrypt.org/directory');
  }, 60_000);

  test('the email comes from the property, else DOKKU_LETSENCRYPT_EMAIL / LETSENCRYPT_EMAIL of the app, else the global ones', async () => {
    const email = async () => JSON.parse((await run(['letsencrypt:report', app, '--format', 'json'])).stdout)['letsencrypt-computed-email'];
    expect(await email()).toBe('');
    expect((await run(['config:set', '--global', '--no-restart', 'LETSENCRYPT_EMAIL=global@example.com'])).exitCode).toBe(0);
    expect(await email()).toBe('global@example.com');
    expect((await run(['config:set', '--no-restart', app, 'DOKKU_LETSENCRYPT_EMAIL=app@example.com'])).exitCode).toBe(0);
    expect(await email()).toBe('app@example.com');
    expect((await run(['letsencrypt:set', app, 'email', 'prop@example.com'])).exitCode).toBe(0);
    expect(await email()).toBe('prop@example.com');
  }, 60_000);

  test('enable needs a domain; a refusal by the ACME server is reported in its words and installs nothing', async () => {
    const none = await run(['letsencrypt:enable', app]);
    expect(none.exitCode).not.toBe(0);
    expect(none.all).toContain(`No domains detected for ${app}`);
    expect((await run(['domains:add', app, 'web.example.com'])).exitCode).toBe(0);
    expect((await run(['letsencrypt:set', app, 'server', acmeUrl])).exitCode).toBe(0);
    const r = await run(['letsencrypt', app]);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain(`the ACME server ${acmeUrl} answered: contact domain example.invalid is not accepted`);
    expect(r.all).toContain('the app is served as before');
    expect(JSON.parse((await run(['certs:report', app, '--format', 'json'])).stdout)['ssl-enabled']).toBe('false');
    expect((await run(['letsencrypt:active', app])).stdout.trim()).toBe('false');
    // The account key was made before the server refused it: private, and reused next time.
    const accounts = data('--global', 'accounts');
    const [id] = fs.readdirSync(accounts);
    expect(fs.statSync(path.join(accounts, id!, 'account.key')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(accounts).mode & 0o777).toBe(0o700);
    expect(r.all).not.toContain('PRIVATE KEY');
    // The proxy is told where the challenges live (world-readable: tokens are public).
    const dir = (await run(['plugin:trigger', 'proxy-acme-challenge-dir', app])).stdout.trim();
    expect(dir).toBe(data(app, 'challenge'));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o755);
    expect((await run(['plugin:trigger', 'proxy-acme-challenge-dir', 'other'])).stdout.trim()).toBe('');
  }, 60_000);

  test('cron-job --add puts the daily auto-renew into the crontab block; --remove takes it out', async () => {
    const crontab = () => fs.readFileSync(path.join(p.libRoot, 'data', 'scheduler-docker-local', 'crontab'), 'utf8');
    expect((await run(['letsencrypt:cron-job'])).all).toContain('not enabled');
    expect((await run(['letsencrypt:cron-job', '--add'])).exitCode).toBe(0);
    expect(crontab()).toMatch(/^24 6 \* \* \* \S+ letsencrypt:auto-renew >>\S+letsencrypt\.log 2>&1$/m);
    expect((await run(['letsencrypt:cron-job'])).all).toContain('Auto-renew cron job is enabled');
    expect(JSON.parse((await run(['letsencrypt:report', app, '--format', 'json'])).stdout)['letsencrypt-autorenew']).toBe('true');
    expect((await run(['letsencrypt:cron-job', '--remove'])).exitCode).toBe(0);
    expect(crontab()).not.toContain('letsencrypt');
  }, 60_000);

  test('list and auto-renew with no certificate; cleanup keeps only the current directory; disable and destroy remove the data', async () => {
    expect((await run(['letsencrypt:list'])).stdout).not.toContain(app);
    expect(JSON.parse((await run(['letsencrypt:list', '--format', 'json'])).stdout)).toEqual([]);
    expect((await run(['letsencrypt:auto-renew', app])).all).toContain(`Letsencrypt not enabled for ${app}`);
    expect((await run(['letsencrypt:auto-renew'])).exitCode).toBe(0);
    fs.mkdirSync(data(app, 'certs', '0123456789abcdef'), { recursive: true });
    fs.mkdirSync(data(app, 'certs', 'fedcba9876543210'), { recursive: true });
    fs.writeFileSync(prop(app, 'current'), '0123456789abcdef');
    const c = await run(['letsencrypt:cleanup', app]);
    expect(c.all).toContain('stale directory fedcba9876543210');
    expect(fs.readdirSync(data(app, 'certs'))).toEqual(['0123456789abcdef']);
    expect((await run(['letsencrypt:disable', app])).exitCode).toBe(0);
    expect(fs.existsSync(data(app))).toBe(false);
    expect(fs.existsSync(prop(app, 'current'))).toBe(false);
    expect(fs.existsSync(prop(app, 'email'))).toBe(true);
    expect((await run(['apps:destroy', app, '--force'])).exitCode).toBe(0);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'letsencrypt', app))).toBe(false);
  }, 60_000);

  test('a missing app is exit 20', async () => {
    const r = await run(['letsencrypt:enable', 'nope']);
    expect(r.exitCode).toBe(20);
    expect(r.all).toContain('App nope does not exist');
  });
});
