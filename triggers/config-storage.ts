import { apiOnly, inProcess } from './compat.js';
import type { TriggerSpec } from './types.js';

/** Config (environment variables) and storage mounts. */
export const configStorage = {
  'config-get': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', doc: 'A config value of the app.' },
  'config-get-global': { args: ['KEY'], kind: 'collect', shape: 'value', doc: 'A global config value.', compat: inProcess('its common shell functions') },
  'config-export': { args: ['APP', 'GLOBAL', 'MERGED', 'FORMAT'], kind: 'collect', shape: 'value', doc: 'The app env in a format.' },
  'config-set': { args: ['...ARGS'], kind: 'notify', doc: '[--no-restart] [--encoded] [--silent] APP K=V…; restarts a deployed app; --silent prints nothing (for secrets).' },
  'config-unset': { args: ['...ARGS'], kind: 'notify', doc: '[--global] APP KEY [RESTART]; API for plugins, never fired by the core.' },
  'config-migrate-env': { args: [], kind: 'notify', doc: 'Move config stored in an old layout to the current one.', compat: inProcess('the install of its checks plugin, for an old config layout berth never had') },
  'post-config-update': { args: ['APP', 'ACTION', '...KEYS'], kind: 'notify', doc: 'After config changed.' },
  'storage-app-mounts': { args: ['APP', 'PHASE'], kind: 'collect', shape: 'value', doc: 'Bind mounts of the app for a phase (deploy|run), one JSON array of HOST:CONTAINER[:OPTS] strings per answering plugin.' },
  'storage-list': { args: ['APP', 'PHASE', 'FORMAT'], kind: 'collect', shape: 'value', doc: 'The storage mounts of the app for a phase, as text or json.', compat: apiOnly },
  'storage-create': { args: [], kind: 'notify', stdin: true, doc: 'Create the storage entry given as JSON on stdin.', compat: inProcess('storage entry commands') },
  'storage-destroy': { args: [], kind: 'notify', stdin: true, doc: 'Destroy the storage entry given as JSON on stdin.', compat: inProcess('storage entry commands') },
  'storage-status': { args: [], kind: 'notify', stdin: true, doc: 'Report the status of the storage entry given as JSON on stdin.', compat: inProcess('storage entry commands') },
} as const satisfies Record<string, TriggerSpec>;
