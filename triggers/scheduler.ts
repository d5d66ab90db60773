import { apiOnly, inProcess, noComponent } from './compat.js';
import type { TriggerSpec } from './types.js';

/** The scheduler role beyond deploys: one-off runs, logs, cron, inspection. */
export const scheduler = {
  'scheduler-run': { args: ['SCHEDULER', 'APP', '...ARGS'], kind: 'select', role: 'scheduler', doc: 'Run a one-off command in a new container.' },
  'scheduler-run-list': { args: ['SCHEDULER', 'APP', 'FORMAT?'], kind: 'select', role: 'scheduler', doc: 'List running one-off containers.' },
  'scheduler-run-logs': { args: ['SCHEDULER', 'APP', '...ARGS'], kind: 'select', role: 'scheduler', doc: 'Show the logs of a one-off container.' },
  'scheduler-run-stop': { args: ['SCHEDULER', 'APP', '...ARGS'], kind: 'select', role: 'scheduler', doc: 'Stop a one-off container.' },
  'scheduler-run-retire': { args: ['SCHEDULER', 'APP?'], kind: 'select', role: 'scheduler', doc: 'Remove finished one-off containers.', compat: inProcess('ps:retire and the run plugin') },
  'scheduler-post-run': { args: ['SCHEDULER', 'APP', 'CID'], kind: 'notify', doc: 'Hook point after a one-off container started.' },
  'scheduler-enter': { args: ['SCHEDULER', 'APP', '...ARGS'], kind: 'select', role: 'scheduler', doc: 'Run a command inside a running container.' },
  'scheduler-inspect': { args: ['SCHEDULER', 'APP'], kind: 'select', role: 'scheduler', doc: 'Print docker inspect output of the app containers.', compat: noComponent('ps:inspect command') },
  'scheduler-logs-failed': { args: ['SCHEDULER', 'APP'], kind: 'select', role: 'scheduler', doc: 'Show the logs of the last failed deploy.', compat: noComponent('logs:failed command') },
  'scheduler-proxy-config': { args: ['SCHEDULER', 'APP', 'PROXY_TYPE'], kind: 'collect', shape: 'value', doc: 'Proxy settings the scheduler needs for the app.', compat: inProcess('the nginx plugin') },
  'scheduler-proxy-logs': { args: ['SCHEDULER', 'APP', 'PROXY_TYPE', 'LOG_TYPE', 'TAIL', 'NUM'], kind: 'select', role: 'scheduler', doc: 'Show the proxy access or error log of the app.', compat: noComponent('nginx:access-logs command') },
  'scheduler-storage-exec': { args: ['SCHEDULER', 'ENTRY', 'IMAGE', '...CMD'], kind: 'select', role: 'scheduler', doc: 'Run a command with a storage mount (e.g. to fix permissions).', compat: inProcess('storage:ensure-directory') },
  'scheduler-cron-write': { args: ['SCHEDULER', 'APP?'], kind: 'select', role: 'scheduler', doc: 'Rewrite the cron schedule of the scheduler.' },
  'scheduler-uses-host-cron': { args: ['SCHEDULER'], kind: 'gate', doc: 'Succeeds when the scheduler runs cron tasks from the host crontab.', compat: inProcess('the cron plugin when it writes the crontab') },
  'cron-get-property': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', doc: 'A cron property.', compat: apiOnly },
  'logs-get-property': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', doc: 'A logs property (e.g. max-size, vector-sink).', compat: apiOnly },
} as const satisfies Record<string, TriggerSpec>;
