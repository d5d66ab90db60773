import { errors } from '../../sdk/index.js';

export interface Mapping {
  scheme: 'http' | 'https';
  host: number;
}

export interface RenderInput {
  app: string;
  appDir: string;
  /** `ip:port` upstreams; none renders servers that answer 502. */
  listeners: string[];
  mappings: Mapping[];
  domains: string[];
  bindAddress: string;
  tls?: { crt: string; key: string };
  /** Served at /.well-known/acme-challenge/ on http (HTTP-01 answers), whatever else the server does. */
  acmeChallengeDir?: string;
  clientMaxBodySize: string;
  proxyReadTimeout: string;
  proxySendTimeout: string;
  proxyConnectTimeout: string;
  accessLog: string;
  errorLog: string;
}

/** A path in double quotes; anything nginx would read as syntax is refused rather than escaped. */
export function quote(p: string): string {
  if (/["\\\n\r$;{}]/.test(p)) throw errors.invalidValue(`Path '${p}' cannot be used in an nginx config`);
  return `"${p}"`;
}

export function upstreamName(app: string): string {
  return `berth-${app}-web`;
}

function directive(name: string, value: string, indent: string): string[] {
  return value ? [`${indent}${name} ${value};`] : [];
}

function location(i: RenderInput): string[] {
  if (!i.listeners.length) return ['  location / {', '    return 502;', '  }'];
  return [
    '  location / {',
    `    proxy_pass http://${upstreamName(i.app)};`,
    '    proxy_http_version 1.1;',
    '    proxy_set_header Upgrade $http_upgrade;',
    '    proxy_set_header Connection $http_connection;',
    '    proxy_set_header Host $http_host;',
    '    proxy_set_header X-Forwarded-For $remote_addr;',
    '    proxy_set_header X-Forwarded-Port $server_port;',
    '    proxy_set_header X-Forwarded-Proto $scheme;',
    '    proxy_set_header X-Request-Start $msec;',
    ...directive('proxy_read_timeout', i.proxyReadTimeout, '    '),
    ...directive('proxy_send_timeout', i.proxySendTimeout, '    '),
    ...directive('proxy_connect_timeout', i.proxyConnectTimeout, '    '),
    '  }',
  ];
}

function acmeChallenge(i: RenderInput, m: Mapping): string[] {
  if (m.scheme !== 'http' || !i.acmeChallengeDir) return [];
  return [
    '  location ^~ /.well-known/acme-challenge/ {',
    `    alias ${quote(`${i.acmeChallengeDir.replace(/\/+$/, '')}/`)};`,
    '    default_type text/plain;',
    '    allow all;',
    '    auth_basic off;',
    '  }',
  ];
}

/** As Dokku does once an app has a certificate: plain http answers with a redirect to its https port. */
function redirect(https: Mapping): string[] {
  const port = https.host === 443 ? '' : `:${https.host}`;
  return ['  location / {', `    return 301 https://$host${port}$request_uri;`, '  }'];
}

function server(i: RenderInput, m: Mapping, https?: Mapping): string[] {
  const listen = `${i.bindAddress ? `${i.bindAddress}:` : ''}${m.host}${m.scheme === 'https' ? ' ssl' : ''}`;
  return [
    'server {',
    `  listen ${listen};`,
    ...(i.domains.length ? [`  server_name ${i.domains.join(' ')};`] : []),
    ...(m.scheme === 'https' && i.tls ? [`  ssl_certificate ${quote(i.tls.crt)};`, `  ssl_certificate_key ${quote(i.tls.key)};`] : []),
    ...directive('client_max_body_size', i.clientMaxBodySize, '  '),
    ...directive('access_log', i.accessLog && (i.accessLog === 'off' ? 'off' : quote(i.accessLog)), '  '),
    ...directive('error_log', i.errorLog && (i.errorLog === 'off' ? '/dev/null crit' : quote(i.errorLog)), '  '),
    ...acmeChallenge(i, m),
    ...(m.scheme === 'http' && https ? redirect(https) : location(i)),
    `  include ${quote(`${i.appDir}/nginx.conf.d/*.conf`)};`,
    '}',
  ];
}

/** The app's nginx.conf: one upstream of its web listeners and one server per http(s) mapping. */
export function renderConfig(i: RenderInput): string {
  const seen = new Set<number>();
  const mappings = i.mappings.filter((m) => (m.scheme === 'http' || i.tls) && !seen.has(m.host) && seen.add(m.host));
  const lines = [`# berth: proxy config of ${i.app}, rebuilt on every deploy; put custom directives in nginx.conf.d/*.conf`];
  if (i.listeners.length) lines.push(`upstream ${upstreamName(i.app)} {`, ...i.listeners.map((l) => `  server ${l};`), '}');
  const https = i.tls ? mappings.find((m) => m.scheme === 'https') : undefined;
  for (const m of mappings) lines.push(...server(i, m, https));
  return lines.join('\n') + '\n';
}
