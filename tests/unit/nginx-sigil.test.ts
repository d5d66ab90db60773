/**
 * An app's nginx.conf.sigil through the real plugins: core-post-extract stages it from the source tree,
 * proxy-build-config renders it with Dokku's variables (template-render, in-process) and tests it with
 * the real nginx (`-t` against a private main config), and a broken one leaves the previous config.
 * Only the scheduler, ports and domains are doubled, by a shell fixture plugin.
 */
import fs from 'node:fs';
import path from 'node:path';
import { engineFor, linkPlugin } from '../helpers/engine-fixtures.js';
import { repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';
import { sigilVariables } from '../../plugins/nginx/sigil-vars.js';

const fixture = path.join(repoRoot, 'fixtures', 'apps', 'nginx-sigil', 'nginx.conf.sigil');
let p: TempPlatform;

function shellPlugin(name: string, handlers: Record<string, string>): void {
  const dir = path.join(p.pluginPath, 'available', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'plugin.toml'), `[plugin]\nname = "${name}"\ndescription = "test double"\nversion = "0.0.1"\n[plugin.config]\n`);
  for (const [trigger, body] of Object.entries(handlers)) fs.writeFileSync(path.join(dir, trigger), `#!/usr/bin/env bash\nset -eo pipefail\n${body}\n`, { mode: 0o755 });
  fs.symlinkSync(dir, path.join(p.pluginPath, 'enabled', name));
}

function setProp(plugin: string, scope: string, key: string, value: string): void {
  const dir = path.join(p.libRoot, 'config', plugin, scope);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, key), value);
}

function source(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(p.dir, 'src-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const conf = () => fs.readFileSync(path.join(p.root, 'web', 'nginx.conf'), 'utf8');

beforeEach(() => {
  p = tempPlatform();
  linkPlugin(p, 'sigil');
  linkPlugin(p, 'nginx');
  shellPlugin('zz-doubles', {
    'network-get-listeners': '[[ "$2" == web ]] && echo 127.0.0.1:5000 && echo 127.0.0.1:5001; [[ "$2" == worker ]] && echo 127.0.0.1:6000; true',
    'ports-get': 'echo "http:80:5000 http:8080:5000"',
    'domains-list': 'echo web.example.com; echo www.example.com',
    'ps-current-scale': 'echo web=2; echo worker=1',
  });
  fs.mkdirSync(path.join(p.root, 'web'), { recursive: true });
  const main = path.join(p.dir, 'nginx-main.conf');
  fs.writeFileSync(main, `pid ${p.dir}/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  include ${p.root}/*/nginx.conf;\n}\n`);
  setProp('nginx', '--global', 'conf', main);
});
afterEach(() => p.cleanup());

async function extractAndBuild(files: Record<string, string>) {
  const { engine, stderr } = engineFor(p);
  const staged = await engine.triggers.gate('core-post-extract', 'web', source(files), 'abc123');
  if (!staged.ok) return { staged, built: undefined, stderr };
  const built = await engine.triggers.notify('proxy-build-config', 'web').then(
    () => undefined,
    (e: Error) => e,
  );
  return { staged, built, stderr };
}

describe("an app's nginx.conf.sigil", () => {
  test('renders with Dokku variables into the app nginx.conf, which nginx -t accepts', async () => {
    const { staged, built } = await extractAndBuild({ 'nginx.conf.sigil': fs.readFileSync(fixture, 'utf8') });
    expect(staged.ok).toBe(true);
    expect(built).toBeUndefined();
    const text = conf();
    expect(text).toContain('listen 80;');
    expect(text).toContain('listen 8080;');
    expect(text).toContain('server_name web.example.com www.example.com;');
    expect(text).toContain('add_header X-Served-By "web-sigil" always;');
    expect(text).toContain('proxy_pass http://web-5000;');
    expect(text).toContain('upstream web-5000 {\n\n  server 127.0.0.1:5000;\n\n  server 127.0.0.1:5001;\n\n}');
    expect(text).toContain('proxy_read_timeout 60s;');
    expect(text).toContain(`include ${p.root}/web/nginx.conf.d/*.conf;`);
    expect(text).toContain('# workers: 127.0.0.1:6000');
    expect(text).not.toMatch(/\n\n\n/);
  });

  test('a later rebuild (domains, ports) keeps using the promoted template', async () => {
    await extractAndBuild({ 'nginx.conf.sigil': fs.readFileSync(fixture, 'utf8') });
    fs.rmSync(path.join(p.root, 'web', 'nginx.conf'));
    const { engine } = engineFor(p);
    await engine.triggers.notify('proxy-build-config', 'web');
    expect(conf()).toContain('X-Served-By');
  });

  test('nginx-conf-sigil-path picks another file; a source without one gets the built-in config', async () => {
    setProp('nginx', 'web', 'nginx-conf-sigil-path', 'deploy/nginx.conf.sigil');
    await extractAndBuild({ 'deploy/nginx.conf.sigil': fs.readFileSync(fixture, 'utf8') });
    expect(conf()).toContain('X-Served-By');
    setProp('nginx', 'web', 'nginx-conf-sigil-path', '');
    await extractAndBuild({ 'README': 'no template' });
    expect(conf()).toContain('proxy_pass http://berth-web-web;');
  });

  test('disable-custom-config ignores the template', async () => {
    setProp('nginx', 'web', 'disable-custom-config', 'true');
    await extractAndBuild({ 'nginx.conf.sigil': fs.readFileSync(fixture, 'utf8') });
    expect(conf()).not.toContain('X-Served-By');
  });

  test('a template that does not render fails at extract, before the build', async () => {
    const { staged } = await extractAndBuild({ 'nginx.conf.sigil': 'server { listen {{ .PROXY_PORT | nope }}; }' });
    expect(staged.ok).toBe(false);
    expect(staged.error?.message).toMatch(/nginx\.conf\.sigil.*failed to render: template: nginx\.conf\.sigil\.\d+:1: function "nope" not defined/s);
  });

  test('a template nginx rejects fails the build and leaves the previous config in place', async () => {
    await extractAndBuild({ 'nginx.conf.sigil': fs.readFileSync(fixture, 'utf8') });
    const before = conf();
    const { staged, built } = await extractAndBuild({ 'nginx.conf.sigil': 'server { listen {{ $.PROXY_PORT }}; bogus_directive on; }' });
    expect(staged.ok).toBe(true);
    expect(built?.message).toMatch(/nginx config test failed for app web/);
    expect(conf()).toBe(before);
  });

  test('a link out of the source tree is refused', async () => {
    const src = source({});
    fs.symlinkSync('/etc/hostname', path.join(src, 'nginx.conf.sigil'));
    const { engine } = engineFor(p);
    const staged = await engine.triggers.gate('core-post-extract', 'web', src, 'abc');
    expect(staged.ok).toBe(false);
    expect(staged.error?.message).toMatch(/points outside the repository/);
  });
});

describe('the variables', () => {
  test("Dokku's names with berth's values", () => {
    const v = sigilVariables(
      {
        app: 'web',
        appDir: '/h/web',
        listeners: ['10.0.0.2:5000'],
        mappings: [],
        domains: ['a.test'],
        bindAddress: '[::1]',
        tls: { crt: '/h/web/tls/server.crt', key: '/h/web/tls/server.key' },
        clientMaxBodySize: '',
        proxyReadTimeout: '90s',
        proxySendTimeout: '',
        proxyConnectTimeout: '',
        accessLog: '',
        errorLog: 'off',
      },
      { root: '/h', libRoot: '/l', portMap: ['http:80:5000', 'https:443:5000'], processListeners: { 'queue-runner': ['10.0.0.3:7000'] } },
    );
    expect(v).toMatchObject({
      APP: 'web',
      DOKKU_ROOT: '/h',
      DOKKU_LIB_ROOT: '/l',
      NOSSL_SERVER_NAME: 'a.test',
      SSL_SERVER_NAME: 'a.test',
      SSL_INUSE: 'true',
      APP_SSL_PATH: '/h/web/tls',
      DOKKU_APP_LISTENERS: '10.0.0.2:5000',
      DOKKU_APP_WEB_LISTENERS: '10.0.0.2:5000',
      DOKKU_APP_QUEUE_RUNNER_LISTENERS: '10.0.0.3:7000',
      PROXY_PORT: '80',
      NGINX_PORT: '80',
      PROXY_SSL_PORT: '443',
      PROXY_PORT_MAP: 'http:80:5000 https:443:5000',
      PROXY_UPSTREAM_PORTS: '5000',
      NGINX_BIND_ADDRESS_IP4: '',
      NGINX_BIND_ADDRESS_IP6: '::1',
      PROXY_READ_TIMEOUT: '90s',
      CLIENT_MAX_BODY_SIZE: '1m',
      NGINX_ACCESS_LOG_PATH: '/var/log/nginx/web-access.log',
      NGINX_ERROR_LOG_PATH: 'off',
    });
  });
});
