import type { RenderInput } from './render.js';

/** What a Dokku-style nginx.conf.sigil is rendered with besides the built-in config's input. */
export interface SigilExtras {
  root: string;
  libRoot: string;
  /** `scheme:host:container` mappings. */
  portMap: string[];
  /** ip:port listeners by process type. */
  processListeners: Record<string, string[]>;
}

const LOG_ROOT = '/var/log/nginx';

/**
 * The variables Dokku passes to an app's nginx.conf.sigil, under Dokku's names, with berth's values
 * (and Dokku's defaults for the tunables berth does not expose).
 */
export function sigilVariables(i: RenderInput, x: SigilExtras): Record<string, string> {
  const ssl = Boolean(i.tls);
  const map = x.portMap.filter((m) => m.startsWith('http:') || (ssl && m.startsWith('https:')));
  const hostPort = (scheme: string, fallback: string) => map.find((m) => m.startsWith(`${scheme}:`))?.split(':')[1] ?? fallback;
  const upstreamPorts = [...new Set(map.map((m) => m.split(':')[2]!))];
  const ipv6 = /^\[(.*)\]$/.exec(i.bindAddress)?.[1];
  const logPath = (v: string, kind: string) => v || `${LOG_ROOT}/${i.app}-${kind}.log`;
  const vars: Record<string, string> = {
    APP: i.app,
    DOKKU_ROOT: x.root,
    DOKKU_LIB_ROOT: x.libRoot,
    NOSSL_SERVER_NAME: i.domains.join(' '),
    SSL_SERVER_NAME: ssl ? i.domains.join(' ') : '',
    SSL_INUSE: ssl ? 'true' : '',
    APP_SSL_PATH: `${i.appDir}/tls`,
    DOKKU_APP_LISTENERS: i.listeners.join(' '),
    PROXY_PORT: hostPort('http', '80'),
    PROXY_SSL_PORT: hostPort('https', '443'),
    PROXY_PORT_MAP: map.join(' '),
    PROXY_UPSTREAM_PORTS: upstreamPorts.join(' '),
    NGINX_LOG_ROOT: LOG_ROOT,
    NGINX_ACCESS_LOG_PATH: logPath(i.accessLog, 'access'),
    NGINX_ACCESS_LOG_FORMAT: '',
    NGINX_ERROR_LOG_PATH: logPath(i.errorLog, 'error'),
    NGINX_BIND_ADDRESS_IP4: ipv6 === undefined ? i.bindAddress : '',
    NGINX_BIND_ADDRESS_IP6: ipv6 ?? '::',
    CLIENT_MAX_BODY_SIZE: i.clientMaxBodySize || '1m',
    CLIENT_BODY_TIMEOUT: '60s',
    CLIENT_HEADER_TIMEOUT: '60s',
    KEEPALIVE_TIMEOUT: '75s',
    LINGERING_TIMEOUT: '5s',
    SEND_TIMEOUT: '60s',
    PROXY_CONNECT_TIMEOUT: i.proxyConnectTimeout || '60s',
    PROXY_READ_TIMEOUT: i.proxyReadTimeout || '60s',
    PROXY_SEND_TIMEOUT: i.proxySendTimeout || '60s',
    PROXY_BUFFER_SIZE: '4k',
    PROXY_BUFFERING: 'on',
    PROXY_BUFFERS: '8 4k',
    PROXY_BUSY_BUFFERS_SIZE: '8k',
    PROXY_KEEPALIVE: '',
    NGINX_UNDERSCORE_IN_HEADERS: 'off',
    PROXY_X_FORWARDED_FOR: '$remote_addr',
    PROXY_X_FORWARDED_PORT: '$server_port',
    PROXY_X_FORWARDED_PROTO: '$scheme',
    PROXY_X_FORWARDED_SSL: '',
    HTTP2_SUPPORTED: 'true',
    HTTP2_DIRECTIVE_SUPPORTED: 'false',
    HTTP2_PUSH_SUPPORTED: 'false',
    SPDY_SUPPORTED: 'false',
    TLS13_SUPPORTED: 'true',
    GRPC_SUPPORTED: 'true',
    PASSED_LISTEN_IP_PORT: '',
    DOKKU_APP_LISTEN_PORT: '',
    DOKKU_APP_LISTEN_IP: '',
  };
  vars.NGINX_PORT = vars.PROXY_PORT!;
  vars.NGINX_SSL_PORT = vars.PROXY_SSL_PORT!;
  const processes = { web: i.listeners, ...x.processListeners };
  for (const [proc, listeners] of Object.entries(processes)) vars[`DOKKU_APP_${proc.toUpperCase().replace(/-/g, '_')}_LISTENERS`] = listeners.join(' ');
  return vars;
}

/** `cat -s`, as Dokku pipes sigil's output: runs of empty lines become one. */
export function squeezeBlankLines(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '\n');
}
