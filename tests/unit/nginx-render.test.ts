import { quote, renderConfig, type RenderInput } from '../../plugins/nginx/render.js';
import { SETTINGS } from '../../plugins/nginx/settings.js';

const base: RenderInput = {
  app: 'web',
  appDir: '/home/berth/web',
  listeners: ['127.0.0.1:32768', '127.0.0.1:32769'],
  mappings: [{ scheme: 'http', host: 80 }],
  domains: ['web.berth.test', 'www.example.com'],
  bindAddress: '',
  clientMaxBodySize: '',
  proxyReadTimeout: '',
  proxySendTimeout: '',
  proxyConnectTimeout: '',
  accessLog: '',
  errorLog: '',
};

const servers = (text: string) => text.split('\nserver {').slice(1);

describe('nginx config rendering', () => {
  test('one upstream of the listeners, a server per http mapping with names, headers and the snippet include', () => {
    const text = renderConfig({ ...base, mappings: [{ scheme: 'http', host: 80 }, { scheme: 'http', host: 8080 }] });
    expect(text).toContain('upstream berth-web-web {\n  server 127.0.0.1:32768;\n  server 127.0.0.1:32769;\n}');
    expect(servers(text)).toHaveLength(2);
    for (const s of servers(text)) {
      expect(s).toContain('server_name web.berth.test www.example.com;');
      expect(s).toContain('include "/home/berth/web/nginx.conf.d/*.conf";');
      expect(s).toContain('proxy_pass http://berth-web-web;');
      for (const h of ['Host $http_host', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Port', 'X-Request-Start', 'Upgrade $http_upgrade'])
        expect(s).toContain(`proxy_set_header ${h}`);
    }
    expect(text).toContain('listen 80;');
    expect(text).toContain('listen 8080;');
  });

  test('bind address, settings and duplicate host ports', () => {
    const text = renderConfig({
      ...base,
      bindAddress: '127.0.0.1',
      clientMaxBodySize: '5m',
      proxyReadTimeout: '120s',
      mappings: [{ scheme: 'http', host: 8080 }, { scheme: 'http', host: 8080 }],
    });
    expect(servers(text)).toHaveLength(1);
    expect(text).toContain('listen 127.0.0.1:8080;');
    expect(text).toContain('client_max_body_size 5m;');
    expect(text).toContain('proxy_read_timeout 120s;');
  });

  test('no listeners: no upstream, every server answers 502', () => {
    const text = renderConfig({ ...base, listeners: [] });
    expect(text).not.toContain('upstream');
    expect(text).toContain('return 502;');
    expect(text).toContain('nginx.conf.d/*.conf');
  });

  test('https mappings only with a certificate', () => {
    const mappings: RenderInput['mappings'] = [{ scheme: 'http', host: 80 }, { scheme: 'https', host: 443 }];
    expect(servers(renderConfig({ ...base, mappings }))).toHaveLength(1);
    const text = renderConfig({ ...base, mappings, tls: { crt: '/home/berth/web/tls/server.crt', key: '/home/berth/web/tls/server.key' } });
    expect(servers(text)).toHaveLength(2);
    expect(text).toContain('listen 443 ssl;');
    expect(text).toContain('ssl_certificate "/home/berth/web/tls/server.crt";');
  });

  test('with a certificate, plain http redirects to the https port; without one it proxies', () => {
    const tls = { crt: '/home/berth/web/tls/server.crt', key: '/home/berth/web/tls/server.key' };
    const [http, https] = servers(renderConfig({ ...base, mappings: [{ scheme: 'http', host: 80 }, { scheme: 'https', host: 443 }], tls }));
    expect(http).toContain('return 301 https://$host$request_uri;');
    expect(http).not.toContain('proxy_pass');
    expect(https).toContain('proxy_pass http://berth-web-web;');
    const [other] = servers(renderConfig({ ...base, mappings: [{ scheme: 'http', host: 8080 }, { scheme: 'https', host: 8443 }], tls }));
    expect(other).toContain('return 301 https://$host:8443$request_uri;');
    expect(servers(renderConfig({ ...base, mappings: [{ scheme: 'http', host: 80 }, { scheme: 'https', host: 443 }] }))[0]).toContain('proxy_pass');
  });

  test('an ACME challenge directory is served on http only, before the app runs and next to the redirect', () => {
    const tls = { crt: '/c', key: '/k' };
    const dir = '/var/lib/berth/data/letsencrypt/web/challenge';
    const [http, https] = servers(renderConfig({ ...base, listeners: [], acmeChallengeDir: dir, mappings: [{ scheme: 'http', host: 80 }, { scheme: 'https', host: 443 }], tls }));
    expect(http).toContain(`location ^~ /.well-known/acme-challenge/ {\n    alias "${dir}/";`);
    expect(https).not.toContain('acme-challenge');
    const [undeployed] = servers(renderConfig({ ...base, listeners: [], acmeChallengeDir: dir }));
    expect(undeployed).toContain('acme-challenge');
    expect(undeployed).toContain('return 502;');
    expect(() => renderConfig({ ...base, acmeChallengeDir: '/x"; include /etc/shadow' })).toThrow(/cannot be used/);
  });

  test('no domains: no server_name', () => {
    expect(renderConfig({ ...base, domains: [] })).not.toContain('server_name');
  });

  test('paths that nginx would parse as syntax are refused', () => {
    expect(() => quote('/home/x"; include /etc/shadow; #')).toThrow(/cannot be used/);
    expect(() => renderConfig({ ...base, appDir: '/home/$x' })).toThrow(/cannot be used/);
  });

  test('settings accept only plain values', () => {
    expect(SETTINGS['client-max-body-size']!.pattern.test('10m')).toBe(true);
    expect(SETTINGS['client-max-body-size']!.pattern.test('10m; include /etc/passwd')).toBe(false);
    expect(SETTINGS['bind-address']!.pattern.test('127.0.0.1')).toBe(true);
    expect(SETTINGS['bind-address']!.pattern.test('[::1]')).toBe(true);
    expect(SETTINGS['bind-address']!.pattern.test('localhost')).toBe(false);
    expect(SETTINGS['proxy-read-timeout']!.pattern.test('60s')).toBe(true);
    expect(SETTINGS['access-log-path']!.pattern.test('/var/log/x.log')).toBe(true);
    expect(SETTINGS['access-log-path']!.pattern.test('/var/log/$host.log')).toBe(false);
  });
});
