import type { ArgTuple, Kind, TriggerSpec } from './types.js';

/**
 * Every trigger berth's plugins fire or implement. Docs and `berth plugin:triggers` are generated
 * from this table; the engine's dispatch methods are typed by it.
 */
export const registry = {
  // --- auth, CLI, plugin management
  'user-auth': { args: ['SSH_USER', 'SSH_NAME', 'CMD', '...ARGS'], kind: 'gate', doc: 'Allow or deny a command before dispatch; non-zero denies.' },
  'user-auth-app': { args: ['SSH_USER', 'SSH_NAME', '...APPS'], kind: 'collect', shape: 'lines', doc: 'Filter app names to those the caller may see.' },
  install: { args: [], kind: 'notify', implemented: true, doc: 'Idempotent setup and migrations, run for every plugin on install.' },
  dependencies: { args: [], kind: 'notify', doc: 'Install system dependencies of plugins.' },
  update: { args: [], kind: 'notify', doc: 'Fired by plugin:update after the code changed.' },
  uninstall: { args: ['PLUGIN'], kind: 'notify', doc: 'Fired before a plugin is removed; handlers check $1 is themselves.' },
  report: { args: ['APP'], kind: 'notify', doc: 'Print a report section for the app.' },
  // --- app lifecycle
  'app-exists': { args: ['APP'], kind: 'gate', implemented: true, doc: 'Succeeds when the app exists.' },
  'app-maybe-create': { args: ['APP'], kind: 'gate', implemented: true, doc: 'Create the app on first push unless auto-creation is disabled.' },
  'app-list': { args: ['FILTER?'], kind: 'collect', shape: 'lines', implemented: true, doc: 'App names, one per line.' },
  'post-create': { args: ['APP'], kind: 'notify', implemented: true, doc: 'After apps:create made the app directory.' },
  'pre-delete': { args: ['APP', 'IMAGE_TAG'], kind: 'gate', doc: 'First step of apps:destroy; non-zero aborts the destroy.' },
  'post-delete': { args: ['APP', 'IMAGE_TAG'], kind: 'notify', implemented: true, doc: 'apps:destroy: wipe properties and data.' },
  'post-app-rename-setup': { args: ['OLD', 'NEW'], kind: 'notify', implemented: true, doc: 'apps:rename, after NEW was created: copy state.' },
  'post-app-rename': { args: ['OLD', 'NEW'], kind: 'notify', implemented: true, doc: 'After OLD was destroyed; rebuilds unless SKIP_REBUILD.' },
  'post-app-clone-setup': { args: ['OLD', 'NEW'], kind: 'notify', implemented: true, doc: 'apps:clone, after NEW was created: copy state.' },
  'post-app-clone': { args: ['OLD', 'NEW'], kind: 'notify', implemented: true, doc: 'After apps:clone finished.' },
  'git-has-code': { args: ['APP', 'BRANCH?'], kind: 'gate', implemented: true, doc: 'Succeeds when the app repo holds code.' },
  'deploy-source-set': { args: ['APP', 'TYPE', 'METADATA'], kind: 'notify', implemented: true, doc: 'Record where the deployed source came from.' },
  // --- receive and extract
  'receive-app': { args: ['APP', 'REV?'], kind: 'notify', implemented: true, doc: 'Build and deploy the app from its repo.' },
  'receive-branch': { args: ['APP', 'REV', 'REFNAME'], kind: 'notify', doc: 'Hook point: a push to a non-deploy ref.' },
  'core-post-extract': { args: ['APP', 'TMP_WORK_DIR', 'REV'], kind: 'gate', implemented: true, doc: 'Stage app.json, Procfile and friends from the build dir.' },
  'post-extract': { args: ['APP', 'TMP_WORK_DIR', 'REV'], kind: 'notify', doc: 'User hook; may edit the work dir.' },
  'pre-receive-app': { args: ['APP', 'IMAGE_SOURCE_TYPE', 'TMP_WORK_DIR', 'REV'], kind: 'gate', doc: 'Veto point after detection.' },
  'git-get-property': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', implemented: true, doc: 'A git plugin property.' },
  'git-revision': { args: ['APP'], kind: 'collect', shape: 'value', implemented: true, doc: 'The deployed git revision.' },
  // --- build
  'builder-detect': { args: ['APP', 'SOURCE_DIR'], kind: 'first', implemented: true, doc: 'Name the builder for this source.' },
  'builder-build': { args: ['BUILDER_TYPE', 'APP', 'SOURCE_DIR'], kind: 'select', role: 'builder', implemented: true, doc: 'Build the app image berth/APP:latest.' },
  'builder-release': { args: ['BUILDER_TYPE', 'APP', 'TAG'], kind: 'select', role: 'builder', implemented: true, doc: 'Bake env and labels into the release image.' },
  'builder-get-property': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', implemented: true, doc: 'A builder property.' },
  'builder-set-property': { args: ['APP', 'KEY', 'VALUE?'], kind: 'notify', implemented: true, doc: 'Set a builder property.' },
  'pre-build': { args: ['BUILDER_TYPE', 'APP', 'SOURCE_DIR'], kind: 'gate', doc: 'Veto point before every build.' },
  'post-build': { args: ['BUILDER_TYPE', 'APP', 'SOURCE_DIR'], kind: 'notify', doc: 'Hook point after every build.' },
  'docker-args-build': { args: ['APP', 'IMAGE_SOURCE_TYPE'], kind: 'waterfall', stdin: true, doc: 'Extra docker flags for builds.' },
  'docker-args-process-build': { args: ['APP', 'IMAGE_SOURCE_TYPE'], kind: 'waterfall', stdin: true, doc: 'Extra docker flags for builds of a process.' },
  'post-container-create': { args: ['TYPE', 'CID', 'NAME', 'PHASE', 'PROC?'], kind: 'notify', implemented: true, doc: 'A container was created (build, deploy or run phase).' },
  'ports-configure': { args: ['APP'], kind: 'notify', implemented: true, doc: 'Ensure the app has a port map.' },
  'ports-set-detected': { args: ['APP', '...MAPS'], kind: 'notify', implemented: true, doc: 'Record ports detected by the builder, e.g. http:80:5000.' },
  'ports-get-property': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', implemented: true, doc: 'A ports property.' },
  'scheduler-register-retired': { args: ['APP', 'CID', 'WAIT?'], kind: 'notify', implemented: true, doc: 'Queue a container or image for delayed removal.' },
  'builds-generate-id': { args: [], kind: 'collect', shape: 'value', implemented: true, doc: 'A sortable build id.' },
  'builds-record-start': { args: ['APP', 'ID', 'PID', 'SOURCE'], kind: 'notify', doc: 'A build started.' },
  'builds-record-finalize': { args: ['APP', 'ID', 'EXIT'], kind: 'notify', doc: 'A build finished.' },
  // --- release and deploy
  'release-and-deploy': { args: ['APP', 'TAG?', 'SOURCE?'], kind: 'notify', implemented: true, doc: 'Release the built image and deploy it.' },
  'deployed-app-image-tag': { args: ['APP'], kind: 'collect', shape: 'value', implemented: true, doc: 'The image tag to deploy.' },
  'pre-release-builder': { args: ['BUILDER_TYPE', 'APP', 'IMAGE'], kind: 'gate', doc: 'Before release: app.json env and predeploy.' },
  'post-release-builder': { args: ['BUILDER_TYPE', 'APP', 'IMAGE'], kind: 'gate', doc: 'After release: release task, formation.' },
  deploy: { args: ['APP', 'TAG?', 'PROC?'], kind: 'notify', implemented: true, doc: 'Deploy the current image without rebuilding.' },
  'scheduler-detect': { args: ['APP'], kind: 'collect', shape: 'value', implemented: true, doc: 'The scheduler for the app (app → global → docker-local).' },
  'scheduler-deploy': { args: ['SCHEDULER', 'APP', 'TAG', 'PROC?'], kind: 'select', role: 'scheduler', implemented: true, doc: 'Start the app containers.' },
  'scheduler-is-deployed': { args: ['SCHEDULER', 'APP'], kind: 'select', role: 'scheduler', implemented: true, doc: 'Succeeds when the app has containers.' },
  'scheduler-stop': { args: ['SCHEDULER', 'APP', 'REMOVE'], kind: 'select', role: 'scheduler', implemented: true, doc: 'Stop (and optionally remove) the app containers.' },
  'scheduler-post-delete': { args: ['SCHEDULER', 'APP', 'IMAGE_TAG'], kind: 'select', role: 'scheduler', implemented: true, doc: 'Remove images and leftovers of a destroyed app.' },
  'scheduler-retire': { args: ['SCHEDULER', 'APP'], kind: 'select', role: 'scheduler', implemented: true, doc: 'Remove retired containers and images.' },
  'scheduler-app-status': { args: ['SCHEDULER', 'APP'], kind: 'select', role: 'scheduler', implemented: true, doc: 'Prints "<COUNT> <true|false|mixed>".' },
  'scheduler-logs': { args: ['SCHEDULER', 'APP', 'PROC', 'TAIL', 'PRETTY', 'NUM'], kind: 'select', role: 'scheduler', implemented: true, doc: 'Stream the app logs.' },
  'scheduler-pre-restore': { args: ['SCHEDULER', 'APP'], kind: 'select', role: 'scheduler', implemented: true, doc: 'Prepare an app for restore at boot.' },
  'pre-restore': { args: ['SCHEDULER', 'APP'], kind: 'notify', doc: 'Boot restore, once per app (datastores start linked services).' },
  'ps-current-scale': { args: ['APP'], kind: 'collect', shape: 'lines', implemented: true, doc: 'type=count lines.' },
  'ps-get-property': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', implemented: true, doc: 'A ps property.' },
  'procfile-exists': { args: ['APP'], kind: 'gate', doc: 'Succeeds when the app has a Procfile.' },
  'procfile-get-command': { args: ['APP', 'PROC', 'PORT'], kind: 'collect', shape: 'value', doc: 'The Procfile command of a process type.' },
  'docker-args-deploy': { args: ['APP', 'TAG', 'PROC?', 'IDX?'], kind: 'waterfall', stdin: true, doc: 'Extra docker flags for deploy containers.' },
  'docker-args-process-deploy': { args: ['APP', 'IMAGE_SOURCE_TYPE', 'TAG', 'PROC?', 'IDX?'], kind: 'waterfall', stdin: true, doc: 'Extra docker flags for deploy containers of a process.' },
  'docker-args-run': { args: ['APP', 'TAG'], kind: 'waterfall', stdin: true, doc: 'Extra docker flags for one-off containers.' },
  'check-deploy': { args: ['APP', 'CID', 'PROC', 'PORT', 'IP', 'IDX?'], kind: 'gate', implemented: true, doc: 'Non-zero fails the deploy and removes the new container.' },
  'network-get-ipaddr': { args: ['APP', 'PROC', 'CID'], kind: 'collect', shape: 'value', doc: 'The container address.' },
  'network-get-listeners': { args: ['APP', 'PROC'], kind: 'collect', shape: 'lines', implemented: true, doc: 'ip:port upstreams of a process type.' },
  'scheduler-post-deploy-process': { args: ['APP', 'PROC'], kind: 'notify', doc: 'After a process type was deployed.' },
  'pre-start': { args: ['APP'], kind: 'gate', doc: 'Hook point before ps:start.' },
  'post-stop': { args: ['APP'], kind: 'notify', doc: 'After the app was stopped.' },
  'retire-container-failed': { args: ['APP', 'CID'], kind: 'notify', doc: 'A container could not be retired.' },
  'app-restart': { args: ['APP'], kind: 'notify', implemented: true, doc: 'Restart the app processes.' },
  // --- proxy, routing, post-deploy
  'core-post-deploy': { args: ['APP', 'INTERNAL_PORT', 'INTERNAL_IP', 'TAG'], kind: 'gate', implemented: true, doc: 'Promote staged files, mark deployed, build the proxy config.' },
  'post-deploy': { args: ['APP', 'INTERNAL_PORT', 'INTERNAL_IP', 'TAG'], kind: 'notify', doc: 'After a deploy finished.' },
  'proxy-type': { args: ['APP'], kind: 'collect', shape: 'value', implemented: true, doc: 'The proxy of the app (default nginx).' },
  'proxy-is-enabled': { args: ['APP'], kind: 'collect', shape: 'value', implemented: true, doc: 'true or false.' },
  'proxy-build-config': { args: ['APP'], kind: 'notify', implemented: true, doc: 'Write and load the proxy config; proxies self-select.' },
  'proxy-clear-config': { args: ['APP'], kind: 'notify', implemented: true, doc: 'Remove the proxy config (APP or --all).' },
  'proxy-enable': { args: ['APP'], kind: 'notify', implemented: true, doc: 'Route traffic to the app.' },
  'proxy-disable': { args: ['APP'], kind: 'notify', implemented: true, doc: 'Stop routing traffic to the app.' },
  'ports-get': { args: ['APP', 'FORMAT?'], kind: 'collect', shape: 'value', implemented: true, doc: 'The port map, explicit or detected.' },
  'domains-list': { args: ['APP'], kind: 'collect', shape: 'lines', implemented: true, doc: 'The app domains.' },
  'domains-vhost-enabled': { args: ['APP'], kind: 'gate', implemented: true, doc: 'Succeeds when vhosts are enabled.' },
  'domains-urls': { args: ['APP', 'URL_TYPE'], kind: 'collect', shape: 'value', implemented: true, doc: 'url or urls of the app.' },
  'app-urls': { args: ['APP', 'URL_TYPE'], kind: 'collect', shape: 'value', doc: 'Hook point that overrides the URLs.' },
  'nginx-app-template-source': { args: ['APP', 'TEMPLATE_TYPE'], kind: 'collect', shape: 'value', doc: 'Path to a custom nginx template.' },
  'nginx-pre-reload': { args: ['APP', 'INTERNAL_PORT', 'INTERNAL_IP'], kind: 'notify', doc: 'Before nginx reloads.' },
  'certs-exists': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'true or false.' },
  'post-domains-update': { args: ['APP', 'ACTION', '...DOMAINS'], kind: 'notify', implemented: true, doc: 'After domains changed.' },
  'post-proxy-ports-update': { args: ['APP', 'ACTION'], kind: 'notify', implemented: true, doc: 'After the port map changed.' },
  // --- config, storage
  'config-get': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', implemented: true, doc: 'A config value of the app.' },
  'config-get-global': { args: ['KEY'], kind: 'collect', shape: 'value', implemented: true, doc: 'A global config value.' },
  'config-export': { args: ['APP', 'GLOBAL', 'MERGED', 'FORMAT'], kind: 'collect', shape: 'value', implemented: true, doc: 'The app env in a format.' },
  'config-set': { args: ['...ARGS'], kind: 'notify', implemented: true, doc: '[--no-restart] APP K=V…; restarts a deployed app.' },
  'post-config-update': { args: ['APP', 'ACTION', '...KEYS'], kind: 'notify', doc: 'After config changed.' },
  'storage-app-mounts': { args: ['APP', 'PHASE'], kind: 'collect', shape: 'value', doc: 'Mounts as JSON.' },
  // --- community hook points
  'service-action': { args: ['EVENT', 'TYPE', 'SERVICE', 'APP?'], kind: 'notify', doc: 'Datastore plugins tell each other about service events.' },
  'user-auth-service': { args: ['SSH_USER', 'SSH_NAME', 'TYPE', '...SERVICES'], kind: 'collect', shape: 'lines', doc: 'Filter service names.' },
  'service-list': { args: ['TYPE?'], kind: 'collect', shape: 'lines', doc: 'Services of a type.' },
  'cron-entries': { args: ['SCHEDULER?'], kind: 'collect', shape: 'lines', doc: 'schedule;command;logfile lines.' },
} as const satisfies Record<string, TriggerSpec>;

export type Registry = typeof registry;
export type TriggerName = keyof Registry;
export type ArgsOf<N extends string> = N extends TriggerName ? ArgTuple<Registry[N]['args']> : string[];
/** N itself when it may be dispatched with kind K (unregistered names always may), otherwise never. */
export type OfKind<N extends string, K extends Kind> = N extends TriggerName ? (Registry[N]['kind'] extends K ? N : never) : N;
export type CollectResult<N extends string> = N extends TriggerName
  ? Registry[N] extends { shape: 'lines' }
    ? string[]
    : string
  : string;

export function specOf(name: string): TriggerSpec | undefined {
  return Object.prototype.hasOwnProperty.call(registry, name) ? (registry as Record<string, TriggerSpec>)[name] : undefined;
}
