import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { berthBin, tempPlatform, type TempPlatform } from '../helpers/platform.js';

/** The certs plugin through the built CLI (stdin tars need a real process), nginx left out. */
let p: TempPlatform;
let work: string;
const app = 'web';

/** bin/berth with stdin bytes (a tar is binary); as root without the drop to the platform user. */
function berthIn(args: string[], input: string | Buffer = '') {
  return execa(berthBin, args, { env: { ...p.env, BERTH_NO_DROP: '1' }, input, reject: false, cwd: p.dir });
}

/** A self-signed pair made with openssl, files in `work`. */
async function pair(name: string, cn = 'web.berth.test'): Promise<{ crt: string; key: string }> {
  const crt = path.join(work, `${name}.crt`);
  const key = path.join(work, `${name}.key`);
  await execa('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', key, '-out', crt, '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn}`]);
  return { crt, key };
}

/** A tar of the files under the given names; `dotted` archives the whole dir as `./`, `./name`, ... */
async function tarOf(files: Record<string, string>, dotted = false): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(work, 'tar-'));
  for (const [name, src] of Object.entries(files)) fs.copyFileSync(src, path.join(dir, name));
  const r = await execa('tar', ['-cf', '-', '-C', dir, ...(dotted ? ['.'] : Object.keys(files))], { encoding: 'buffer' });
  return Buffer.from(r.stdout);
}

const tls = (f: string) => path.join(p.root, app, 'tls', f);
const mode = (f: string) => fs.statSync(f).mode & 0o777;
const ports = () => fs.readFileSync(path.join(p.libRoot, 'config', 'ports', app, 'map'), 'utf8').trim().split(/\s+/);

beforeAll(async () => {
  p = tempPlatform({ builtins: true });
  work = fs.mkdtempSync(path.join(p.dir, 'work-'));
  fs.rmSync(path.join(p.pluginPath, 'enabled', 'nginx'), { force: true });
  expect((await berthIn(['apps:create', app])).exitCode).toBe(0);
  expect((await berthIn(['ports:set', app, 'http:80:5000'])).exitCode).toBe(0);
}, 60_000);

afterAll(() => p.cleanup());

describe('certs', () => {
  test('add from files: both files 0600, https:443 mapped like Dokku, report as json', async () => {
    const { crt, key } = await pair('a');
    const r = await berthIn(['certs:add', app, crt, key]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(fs.readFileSync(tls('server.crt'), 'utf8')).toBe(fs.readFileSync(crt, 'utf8'));
    expect(fs.readFileSync(tls('server.key'), 'utf8')).toBe(fs.readFileSync(key, 'utf8'));
    expect([mode(tls('server.crt')), mode(tls('server.key'))]).toEqual([0o600, 0o600]);
    expect(r.stdout).not.toContain('PRIVATE KEY');
    expect(ports()).toEqual(['http:80:5000', 'https:443:5000']);
    const report = JSON.parse((await berthIn(['certs:report', app, '--format', 'json'])).stdout);
    expect(report).toMatchObject({ 'ssl-enabled': 'true', 'ssl-hostnames': 'web.berth.test', 'ssl-verified': 'self signed', 'ssl-dir': path.join(p.root, app, 'tls') });
    expect(report['ssl-subject']).toContain('web.berth.test');
    expect(Date.parse(report['ssl-expires-at'])).toBeGreaterThan(Date.now());
    expect((await berthIn(['certs:show', app, 'crt'])).stdout.trim()).toBe(fs.readFileSync(crt, 'utf8').trim());
  }, 30_000);

  test('update from a tar on stdin replaces the pair; the mapping is not added twice', async () => {
    const { crt, key } = await pair('b', 'tar.example.com');
    const r = await berthIn(['certs:update', app], await tarOf({ 'my.crt': crt, 'my.key': key }, true));
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(fs.readFileSync(tls('server.key'), 'utf8')).toBe(fs.readFileSync(key, 'utf8'));
    expect(mode(tls('server.key'))).toBe(0o600);
    expect(ports()).toEqual(['http:80:5000', 'https:443:5000']);
    expect((await berthIn(['certs:report', app, '--ssl-hostnames'])).stdout.trim()).toBe('tar.example.com');
  }, 30_000);

  test('a mismatched pair, garbage, and a tar with ../ are refused and nothing changes', async () => {
    const before = fs.readFileSync(tls('server.key'), 'utf8');
    const one = await pair('c');
    const two = await pair('d');
    const mismatch = await berthIn(['certs:add', app, one.crt, two.key]);
    expect(mismatch.exitCode).not.toBe(0);
    expect(mismatch.stderr).toMatch(/do not match/);
    fs.writeFileSync(path.join(work, 'junk.crt'), 'not a certificate\n');
    const junk = await berthIn(['certs:add', app, path.join(work, 'junk.crt'), one.key]);
    expect(junk.stderr).toMatch(/not a valid PEM X.509 certificate/);
    const badKey = await berthIn(['certs:add', app, one.crt, path.join(work, 'junk.crt')]);
    expect(badKey.stderr).toMatch(/not a valid unencrypted PEM private key/);
    const notTar = await berthIn(['certs:add', app], 'hello');
    expect(notTar.stderr).toMatch(/not a tar archive/);
    const nested = fs.mkdtempSync(path.join(work, 'nest-'));
    fs.mkdirSync(path.join(nested, 'in'));
    fs.copyFileSync(one.crt, path.join(nested, 'server.crt'));
    fs.copyFileSync(one.key, path.join(nested, 'x.key'));
    const evil = await execa('tar', ['-cf', '-', '-P', '-C', path.join(nested, 'in'), '../server.crt', '../x.key'], { encoding: 'buffer' });
    const dotdot = await berthIn(['certs:add', app], Buffer.from(evil.stdout));
    expect(dotdot.stderr).toMatch(/Refusing tar entry '\.\.\/server\.crt'/);
    expect(fs.existsSync(path.join(p.root, app, 'server.crt'))).toBe(false);
    const two2 = await berthIn(['certs:add', app], await tarOf({ 'a.crt': one.crt, 'b.crt': two.crt, 'a.key': one.key }));
    expect(two2.stderr).toMatch(/exactly one .crt/);
    for (const r of [mismatch, junk, badKey, notTar, dotdot, two2]) expect(r.exitCode).not.toBe(0);
    expect(fs.readFileSync(tls('server.key'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.join(p.root, app, 'tls')).sort()).toEqual(['server.crt', 'server.key']);
  }, 60_000);

  test('remove takes the files and the auto-added mapping away', async () => {
    const r = await berthIn(['certs:remove', app]);
    expect(r.exitCode).toBe(0);
    expect(fs.existsSync(path.join(p.root, app, 'tls'))).toBe(false);
    expect(ports()).toEqual(['http:80:5000']);
    expect(JSON.parse((await berthIn(['certs:report', app, '--format', 'json'])).stdout)['ssl-enabled']).toBe('false');
    expect((await berthIn(['certs:remove', app])).stderr).toMatch(/has no certificate/);
  }, 30_000);

  test('generate installs a self-signed cert for the domain; a user-set https mapping is kept on remove', async () => {
    expect((await berthIn(['ports:set', app, 'http:80:5000', 'https:8443:5000'])).exitCode).toBe(0);
    expect((await berthIn(['certs:generate', app, 'bad_domain!'])).exitCode).not.toBe(0);
    expect(fs.existsSync(path.join(p.root, app, 'tls', 'server.key'))).toBe(false);
    const r = await berthIn(['certs:generate', app, 'gen.example.com']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(mode(tls('server.key'))).toBe(0o600);
    const report = JSON.parse((await berthIn(['certs:report', app, '--format', 'json'])).stdout);
    expect(report).toMatchObject({ 'ssl-enabled': 'true', 'ssl-hostnames': 'gen.example.com', 'ssl-verified': 'self signed' });
    // As Dokku's certs:generate, through domains-add APP DOMAIN
    expect((await berthIn(['domains:report', app, '--domains-app-vhosts'])).stdout.split(/\s+/)).toContain('gen.example.com');
    expect(ports()).toEqual(['http:80:5000', 'https:8443:5000']);
    expect((await berthIn(['certs:remove', app])).exitCode).toBe(0);
    expect(ports()).toEqual(['http:80:5000', 'https:8443:5000']);
  }, 30_000);

  test('a missing app is exit 20', async () => {
    const r = await berthIn(['certs:report', 'nope']);
    expect(r.exitCode).toBe(20);
  });
});

describe('certs follow the app', () => {
  test('apps:clone and apps:rename carry the tls dir, modes kept', async () => {
    expect((await berthIn(['certs:generate', app, 'copy.example.com'])).exitCode).toBe(0);
    const clone = await berthIn(['apps:clone', '--skip-deploy', app, 'web-copy']);
    expect(clone.exitCode).toBe(0);
    const rename = await berthIn(['apps:rename', '--skip-deploy', 'web-copy', 'web-moved']);
    expect(rename.exitCode).toBe(0);
    const key = path.join(p.root, 'web-moved', 'tls', 'server.key');
    expect(fs.readFileSync(key, 'utf8')).toBe(fs.readFileSync(tls('server.key'), 'utf8'));
    expect(mode(key)).toBe(0o600);
    expect(JSON.parse((await berthIn(['certs:report', 'web-moved', '--format', 'json'])).stdout)['ssl-hostnames']).toBe('copy.example.com');
  }, 30_000);
});
