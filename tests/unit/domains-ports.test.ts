import fs from 'node:fs';
import path from 'node:path';
import { route } from '../../cli/router.js';
import { engineFor, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { repoRoot } from '../helpers/platform.js';

/** domains, ports and proxy from source (no nginx: nothing here reloads a proxy), with apps for app-exists. */
const PLUGINS = ['apps', 'domains', 'ports', 'proxy'];

let p: TempPlatform;

function link(name: string): void {
  const dest = path.join(p.pluginPath, 'available', name);
  fs.symlinkSync(path.join(repoRoot, 'plugins', name), dest);
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
}

/** One CLI call in-process: stdout text, or the thrown error's message. */
async function run(...argv: string[]): Promise<{ out: string; err?: string; code?: number }> {
  const { engine, stdout, stderr } = engineFor(p);
  try {
    const code = await route(engine, argv);
    return { out: stdout.text, code };
  } catch (e) {
    return { out: stdout.text, err: `${(e as Error).message}${stderr.text}`, code: (e as { exitCode?: number }).exitCode ?? 1 };
  }
}

async function trigger(method: 'collect' | 'notify', name: string, ...args: string[]): Promise<unknown> {
  const { engine } = engineFor(p);
  return (engine.triggers as unknown as Record<string, (...a: string[]) => Promise<unknown>>)[method]!(name, ...args);
}

function prop(plugin: string, scope: string, key: string): string | undefined {
  try {
    return fs.readFileSync(path.join(p.libRoot, 'config', plugin, scope, key), 'utf8');
  } catch {
    return undefined;
  }
}

beforeEach(async () => {
  p = tempPlatform();
  for (const name of PLUGINS) link(name);
  expect((await run('domains:set-global', 'berth.test')).err).toBeUndefined();
  expect((await run('apps:create', 'web')).err).toBeUndefined();
});

afterEach(() => p.cleanup());

describe('domains', () => {
  test('a new app gets APP.<global domain>', async () => {
    expect(await trigger('collect', 'domains-list', 'web')).toEqual(['web.berth.test']);
  });

  test('add validates every domain and changes nothing on bad input', async () => {
    const r = await run('domains:add', 'web', 'ok.example.com', 'bad_domain!');
    expect(r.err).toMatch(/Invalid domain 'bad_domain!'/);
    expect(await trigger('collect', 'domains-list', 'web')).toEqual(['web.berth.test']);
  });

  test('add lower-cases, skips duplicates and refuses domains other apps use', async () => {
    expect((await run('domains:add', 'web', 'WWW.Example.com')).err).toBeUndefined();
    expect(await run('domains:add', 'web', 'www.example.com')).toMatchObject({ code: 0, out: '-----> Skipping: www.example.com already added to web\n' });
    expect((await run('domains:add', 'web', 'a.example.com', 'a.example.com')).err).toBeUndefined();
    await run('apps:create', 'other');
    expect((await run('domains:add', 'other', 'www.example.com')).err).toMatch(/already used by app web/);
    expect(await trigger('collect', 'domains-list', 'web')).toEqual(['web.berth.test', 'www.example.com', 'a.example.com']);
  });

  test("nginx's catch-all _ and .example.com (domain and subdomains) are domains too", async () => {
    expect((await run('domains:add', 'web', '.Example.com', '_')).err).toBeUndefined();
    expect(await trigger('collect', 'domains-list', 'web')).toEqual(['web.berth.test', '.example.com', '_']);
    for (const bad of ['http://x.example.com', '..example.com', '__', 'a_b.example.com'])
      expect((await run('domains:add', 'web', bad)).err).toMatch(/Invalid domain/);
  });

  test('reset goes back to the derived default; an app named like a host is its own domain', async () => {
    await run('domains:set', 'web', 'only.example.com');
    expect((await run('domains:reset', 'web')).out).toBe('-----> Reset domains for web\n');
    expect(await trigger('collect', 'domains-list', 'web')).toEqual(['web.berth.test']);
    await run('apps:create', 'shop.berth.test');
    await run('domains:reset', 'shop.berth.test');
    expect((await run('domains:report', 'shop.berth.test', '--domains-app-vhosts')).out).toBe('shop.berth.test\n');
    await run('domains:clear-global');
    await run('domains:reset', 'web');
    expect((await run('domains:report', 'web', '--domains-app-enabled')).out).toBe('false\n');
  });

  test('remove, set and clear', async () => {
    await run('domains:add', 'web', 'a.example.com', 'b.example.com');
    expect((await run('domains:remove', 'web', 'missing.example.com')).err).toMatch(/not set for web/);
    expect((await run('domains:remove', 'web', 'a.example.com')).err).toBeUndefined();
    expect(await trigger('collect', 'domains-list', 'web')).toEqual(['web.berth.test', 'b.example.com']);
    await run('domains:set', 'web', 'only.example.com');
    expect(await trigger('collect', 'domains-list', 'web')).toEqual(['only.example.com']);
    await run('domains:clear', 'web');
    expect(await trigger('collect', 'domains-list', 'web')).toEqual([]);
  });

  test('disable hides the domains, enable restores the default vhost', async () => {
    await run('domains:clear', 'web');
    await run('domains:disable', 'web');
    const { engine } = engineFor(p);
    expect((await engine.triggers.gate('domains-vhost-enabled', 'web')).ok).toBe(false);
    await run('domains:enable', 'web');
    expect((await engine.triggers.gate('domains-vhost-enabled', 'web')).ok).toBe(true);
    expect(await trigger('collect', 'domains-list', 'web')).toEqual(['web.berth.test']);
  });

  const vhostFile = () => fs.readFileSync(path.join(p.root, 'VHOST'), 'utf8');

  test("global domains live in Dokku's VHOST file: add, duplicates, remove, clear", async () => {
    expect((await run('domains:add-global', 'apps.example.org')).err).toBeUndefined();
    expect(await run('domains:add-global', 'berth.test')).toMatchObject({ code: 0, out: '-----> Skipping berth.test: already added\n' });
    expect((await run('domains:add-global', 'bad_domain')).err).toMatch(/Invalid domain/);
    expect(vhostFile()).toBe('berth.test\napps.example.org\n');
    await run('domains:remove-global', 'berth.test');
    expect(vhostFile()).toBe('apps.example.org\n');
    await run('domains:clear-global');
    expect(vhostFile()).toBe('');
    expect(JSON.parse((await run('domains:report', '--global', '--format', 'json')).out)).toEqual({ 'global-enabled': 'false', 'global-vhosts': '' });
  });

  test('a global list kept as a property is read until the first write moves it to VHOST', async () => {
    fs.rmSync(path.join(p.root, 'VHOST'));
    fs.mkdirSync(path.join(p.libRoot, 'config', 'domains', '--global'), { recursive: true });
    fs.writeFileSync(path.join(p.libRoot, 'config', 'domains', '--global', 'vhosts'), 'old.example.org');
    expect((await run('domains:report', '--global', '--domains-global-vhosts')).out).toBe('old.example.org\n');
    await run('domains:add-global', 'new.example.org');
    expect(vhostFile()).toBe('old.example.org\nnew.example.org\n');
    expect(prop('domains', '--global', 'vhosts')).toBeUndefined();
  });

  test('install sets the host name as global domain only when none is set', async () => {
    await trigger('notify', 'install');
    expect(vhostFile()).toBe('berth.test\n');
  });

  test('report as JSON, and one value with an info flag', async () => {
    const json = JSON.parse((await run('domains:report', 'web', '--format', 'json')).out);
    expect(json).toEqual({ 'app-enabled': 'true', 'app-vhosts': 'web.berth.test', 'global-enabled': 'true', 'global-vhosts': 'berth.test' });
    expect((await run('domains:report', 'web', '--domains-app-vhosts')).out).toBe('web.berth.test\n');
    expect((await run('domains:report', 'missing')).code).toBe(20);
  });

  test('URLs carry a non-default port and follow the first domain', async () => {
    await run('domains:add', 'web', 'www.example.com');
    await run('ports:set', 'web', 'http:8080:5000');
    expect(await trigger('collect', 'domains-urls', 'web', 'url')).toBe('http://web.berth.test:8080');
    expect((await run('urls', 'web')).out).toBe('http://web.berth.test:8080\nhttp://www.example.com:8080\n');
    await run('ports:set', 'web', 'http:80:5000');
    expect((await run('url', 'web')).out).toBe('http://web.berth.test\n');
  });

  test('URLs use https when the app has a certificate', async () => {
    fs.mkdirSync(path.join(p.root, 'web', 'tls'));
    for (const f of ['server.crt', 'server.key']) fs.writeFileSync(path.join(p.root, 'web', 'tls', f), 'x');
    await run('ports:set', 'web', 'http:80:5000', 'https:8443:5000');
    expect((await run('url', 'web')).out).toBe('https://web.berth.test:8443\n');
  });

  test('rename moves derived domains to the new name; clone only gets its own', async () => {
    await run('domains:add', 'web', 'www.example.com');
    expect((await run('apps:rename', 'web', 'site', '--skip-deploy')).err).toBeUndefined();
    expect(await trigger('collect', 'domains-list', 'site')).toEqual(['site.berth.test', 'www.example.com']);
    expect(prop('domains', 'web', 'vhosts')).toBeUndefined();
    expect((await run('apps:clone', 'site', 'copy', '--skip-deploy')).err).toBeUndefined();
    expect(await trigger('collect', 'domains-list', 'copy')).toEqual(['copy.berth.test']);
  });
});

describe('ports', () => {
  test('mappings are validated: scheme, numbers, range', async () => {
    for (const bad of ['http:80', 'ftp:21:21', 'http:0:5000', 'http:80:70000', 'http:80:50a0']) {
      const r = await run('ports:add', 'web', bad);
      expect(r.err).toMatch(/Invalid (port mapping|host port|container port)/);
    }
    expect(prop('ports', 'web', 'map')).toBeUndefined();
  });

  test('add, duplicates, remove by mapping or host port, clear', async () => {
    await run('ports:add', 'web', 'http:80:5000', 'http:8080:5000');
    expect((await run('ports:add', 'web', 'http:80:5000')).err).toMatch(/already defined/);
    expect(await trigger('collect', 'ports-get', 'web')).toBe('http:80:5000 http:8080:5000');
    await run('ports:remove', 'web', '8080');
    expect(await trigger('collect', 'ports-get', 'web')).toBe('http:80:5000');
    expect((await run('ports:remove', 'web', 'http:81:5000')).err).toMatch(/not set for web/);
    await run('ports:clear', 'web');
    expect(prop('ports', 'web', 'map')).toBeUndefined();
  });

  test('ports-get: explicit, else detected (host port from http-port), else the default', async () => {
    expect(await trigger('collect', 'ports-get', 'web')).toBe('http:80:5000');
    await trigger('notify', 'ports-set-detected', 'web', 'http:80:3000');
    expect(await trigger('collect', 'ports-get', 'web')).toBe('http:80:3000');
    expect((await run('ports:set', '--global', 'http-port', '18080')).err).toBeUndefined();
    expect(await trigger('collect', 'ports-get', 'web')).toBe('http:18080:3000');
    await trigger('notify', 'ports-set-detected', 'web', 'http:80:3000 http:4000:4000', 'udp:53:53');
    expect(await trigger('collect', 'ports-get', 'web')).toBe('http:18080:3000 http:4000:4000 udp:53:53');
    expect(await trigger('collect', 'ports-get-property', 'web', 'http-port')).toBe('18080');
    await run('ports:set', 'web', 'http:9000:3000');
    expect(JSON.parse((await trigger('collect', 'ports-get', 'web', 'json')) as string)).toEqual([{ scheme: 'http', host_port: 9000, container_port: 3000 }]);
    expect((await run('ports:set', '--global', 'http-port', 'x')).err).toMatch(/Invalid http-port/);
    expect((await run('ports:set', '--global', 'http:80:5000')).err).toMatch(/cannot be set globally/);
  });

  test('report and list as JSON', async () => {
    await run('ports:set', 'web', 'http:80:5000');
    expect(JSON.parse((await run('ports:list', 'web', '--format', 'json')).out)).toEqual([{ scheme: 'http', host_port: 80, container_port: 5000 }]);
    const report = JSON.parse((await run('ports:report', 'web', '--format', 'json')).out);
    expect(report['ports-map']).toBe('http:80:5000');
    expect(report['ports-computed-http-port']).toBe('80');
    expect(report.map).toBe('http:80:5000');
    expect(JSON.parse(report['ports-map-json'])).toEqual([{ scheme: 'http', host_port: 80, container_port: 5000 }]);
    await run('ports:clear', 'web');
    expect((await run('ports:report', 'web', '--ports-map-detected')).out).toBe('http:80:5000\n');
    expect((await run('ports:report', 'web', '--ports-map-json')).out).toBe('[]\n');
  });

  test('a host port is mapped once per protocol (http, https and tcp share TCP; udp is apart)', async () => {
    expect((await run('ports:set', 'web', 'http:1234:5001', 'http:1234:5002')).err).toMatch(/host port 1234/);
    expect(prop('ports', 'web', 'map')).toBeUndefined();
    await run('ports:set', 'web', 'http:1234:5001', 'udp:1234:5001');
    expect((await run('ports:add', 'web', 'https:1234:5003')).err).toMatch(/host port 1234, which http:1234:5001 already maps/);
    expect(await trigger('collect', 'ports-get', 'web')).toBe('http:1234:5001 udp:1234:5001');
  });

  test('properties follow rename and go with the app', async () => {
    await run('ports:set', 'web', 'http:81:5000');
    await run('apps:rename', 'web', 'site', '--skip-deploy');
    expect(await trigger('collect', 'ports-get', 'site')).toBe('http:81:5000');
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'ports', 'web'))).toBe(false);
  });
});

describe('proxy', () => {
  test('type defaults to nginx; set per app and globally; enable/disable', async () => {
    expect(await trigger('collect', 'proxy-type', 'web')).toBe('nginx');
    await run('proxy:set', '--global', 'type', 'caddy');
    expect(await trigger('collect', 'proxy-type', 'web')).toBe('caddy');
    await run('proxy:set', 'web', 'type', 'nginx');
    expect(await trigger('collect', 'proxy-type', 'web')).toBe('nginx');
    expect((await run('proxy:set', 'web', 'type', 'bad type')).err).toMatch(/Invalid proxy type/);
    expect(await trigger('collect', 'proxy-is-enabled', 'web')).toBe('true');
    await run('proxy:disable', 'web');
    expect(await trigger('collect', 'proxy-is-enabled', 'web')).toBe('false');
    const report = JSON.parse((await run('proxy:report', 'web', '--format', 'json')).out);
    expect(report).toMatchObject({ 'proxy-enabled': 'false', 'proxy-type': 'nginx', 'proxy-global-type': 'caddy', 'proxy-computed-type': 'nginx', 'proxy-disabled': 'true' });
    // Dokku's stripped keys alongside the prefixed ones
    expect(report).toMatchObject({ enabled: 'false', type: 'nginx', 'global-type': 'caddy', 'computed-type': 'nginx' });
  });
});
