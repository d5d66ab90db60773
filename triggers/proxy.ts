import { apiOnly, inProcess, noComponent } from './compat.js';
import type { TriggerSpec } from './types.js';

/**
 * Proxy, routing and post-deploy: domains, ports, certificates, networks, proxy config.
 *
 * The proxy role's contract: when `proxy-build-config`, `proxy-clear-config`, `proxy-enable` or
 * `proxy-disable` returns, every new connection gets the new config (a reload that is still handing over,
 * with old workers accepting, has not returned yet); a proxy that cannot get there within its bound fails
 * the trigger, so the command that switched reports it instead of claiming success. Those four reach
 * only the proxy selected for the app (`proxy-type`), unless a proxy declares no `provides`.
 */
export const proxy = {
  'core-post-deploy': { args: ['APP', 'INTERNAL_PORT', 'INTERNAL_IP', 'TAG'], kind: 'gate', doc: 'Promote staged files, mark deployed, build the proxy config.' },
  'post-deploy': { args: ['APP', 'INTERNAL_PORT', 'INTERNAL_IP', 'TAG'], kind: 'notify', doc: 'After a deploy finished.' },
  'proxy-type': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'The proxy of the app (default nginx).' },
  'proxy-is-enabled': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'true or false.' },
  'proxy-build-config': { args: ['APP'], kind: 'notify', role: 'proxy', doc: 'Write and load the proxy config; proxies self-select. Returns once new connections get the new config.' },
  'proxy-clear-config': { args: ['APP'], kind: 'notify', role: 'proxy', doc: 'Remove the proxy config (APP or --all); returns once new connections no longer get it.' },
  'proxy-enable': { args: ['APP'], kind: 'notify', role: 'proxy', doc: 'Route traffic to the app.' },
  'proxy-disable': { args: ['APP'], kind: 'notify', role: 'proxy', doc: 'Stop routing traffic to the app.' },
  'ports-get': { args: ['APP', 'FORMAT?'], kind: 'collect', shape: 'value', doc: 'The port map, explicit or detected.' },
  'ports-get-available': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'A free host port for the app.', compat: apiOnly },
  'ports-clear': { args: ['APP'], kind: 'notify', doc: 'Remove the explicit port map of the app.', compat: inProcess('the nginx plugin\'s pre-enable-vhost and pre-disable-vhost') },
  'ports-add': { args: ['APP', '...MAPS'], kind: 'notify', doc: 'Add port mappings to the app (certs adds https:443:PORT).' },
  'ports-remove': { args: ['APP', '...MAPS'], kind: 'notify', doc: 'Remove port mappings from the app (certs removes its https mapping).' },
  'domains-list': { args: ['APP'], kind: 'collect', shape: 'lines', doc: 'The app domains.' },
  'domains-add': { args: ['APP', 'DOMAIN'], kind: 'notify', doc: 'Add a domain to the app unless it has it (certs:generate adds the certificate\'s domain).' },
  'domains-enable': { args: ['APP', 'RESTART'], kind: 'notify', doc: 'Turn vhost routing on for the app.', compat: inProcess('the nginx plugin\'s proxy-enable') },
  'domains-disable': { args: ['APP', 'RESTART'], kind: 'notify', doc: 'Turn vhost routing off for the app.', compat: inProcess('the nginx plugin\'s proxy-disable') },
  'domains-vhost-enabled': { args: ['APP'], kind: 'gate', doc: 'Succeeds when vhosts are enabled.' },
  'domains-urls': { args: ['APP', 'URL_TYPE'], kind: 'collect', shape: 'value', doc: 'url or urls of the app.' },
  'pre-enable-vhost': { args: ['APP'], kind: 'notify', doc: 'Before vhost routing is turned on.' },
  'pre-disable-vhost': { args: ['APP'], kind: 'notify', doc: 'Before vhost routing is turned off.' },
  'app-urls': { args: ['APP', 'URL_TYPE'], kind: 'collect', shape: 'value', doc: 'Hook point that overrides the URLs.' },
  'network-get-listeners': { args: ['APP', 'PROC'], kind: 'collect', shape: 'lines', doc: 'ip:port upstreams of a process type.' },
  'network-get-static-listeners': { args: ['APP', 'PROC'], kind: 'collect', shape: 'lines', doc: 'Fixed ip:port upstreams configured for a process type.', compat: inProcess('the nginx plugin') },
  'network-get-property': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', doc: 'A network property.' },
  'network-config-exists': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'true when the network config of the app was written.', compat: inProcess('the nginx plugin\'s proxy-build-config') },
  'network-build-config': { args: ['APP'], kind: 'notify', doc: 'Write the network config (container addresses) of the app.', compat: inProcess('the nginx plugin\'s proxy-build-config') },
  'network-clear-config': { args: ['APP'], kind: 'notify', doc: 'Remove the network config of the app.', compat: inProcess('the nginx plugin\'s proxy-clear-config') },
  'nginx-app-template-source': { args: ['APP', 'TEMPLATE_TYPE'], kind: 'collect', shape: 'value', doc: 'Path to a custom nginx template.' },
  'nginx-dokku-template-source': { args: [], kind: 'collect', shape: 'value', doc: 'Path to a custom template for the global nginx config.', compat: inProcess('the nginx plugin\'s install, for the global nginx.conf') },
  'caddy-template-source': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'Path to a custom caddy template.', compat: noComponent('caddy proxy') },
  'haproxy-template-source': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'Path to a custom haproxy template.', compat: noComponent('haproxy proxy') },
  'openresty-template-source': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'Path to a custom openresty template.', compat: noComponent('openresty proxy') },
  'traefik-template-source': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'Path to a custom traefik template.', compat: noComponent('traefik proxy') },
  'vector-template-source': { args: [], kind: 'collect', shape: 'value', doc: 'Path to a custom vector (log shipping) config template.', compat: noComponent('vector log shipper') },
  'template-render': { args: ['FILE', '...VARS'], kind: 'collect', shape: 'value', doc: 'Render a sigil (Go text/template) file with KEY=VALUE variables, no commands or URLs allowed; the text.' },
  'nginx-hostname': { args: ['APP', 'SUBDOMAIN', 'VHOST'], kind: 'collect', shape: 'value', doc: 'Hook point: the default domain of the app under the global domain VHOST (apps:create, domains:enable); empty keeps APP.VHOST.' },
  'proxy-acme-challenge-dir': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'A directory whose files the proxy serves over http at /.well-known/acme-challenge/ for the app (HTTP-01), even before a deploy; empty for none.' },
  'nginx-pre-reload': { args: ['APP', 'INTERNAL_PORT', 'INTERNAL_IP'], kind: 'notify', doc: 'Before nginx reloads.' },
  'certs-exists': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'true or false.' },
  'certs-force': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'true when HTTPS must be served even without a certificate of the app.', compat: inProcess('the ports plugin') },
  'certs-get': { args: ['APP', 'PART'], kind: 'collect', shape: 'value', doc: 'The certificate (crt) or key (key) file of the app.' },
  'certs-set': { args: ['APP', 'CRT', 'KEY'], kind: 'notify', doc: 'Install a certificate and key for the app.' },
  'certs-remove': { args: ['APP'], kind: 'notify', doc: 'Remove the certificate of the app.' },
  'post-certs-update': { args: ['APP'], kind: 'notify', doc: 'After a certificate was added or replaced.' },
  'post-certs-remove': { args: ['APP'], kind: 'notify', doc: 'After the certificate was removed.' },
  'post-domains-update': { args: ['APP', 'ACTION', '...DOMAINS'], kind: 'notify', doc: 'After domains changed.' },
  'post-proxy-ports-update': { args: ['APP', 'ACTION'], kind: 'notify', doc: 'After the port map changed.' },
} as const satisfies Record<string, TriggerSpec>;
