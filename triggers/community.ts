import { peerOnly } from './compat.js';
import type { TriggerSpec } from './types.js';

/** Hook points community plugins fire for each other; with no handler they print nothing and succeed. */
export const community = {
  'service-action': { args: ['EVENT', 'TYPE', 'SERVICE', 'APP?'], kind: 'notify', doc: 'Datastore plugins tell each other about service events.' },
  'user-auth-service': { args: ['SSH_USER', 'SSH_NAME', 'TYPE', '...SERVICES'], kind: 'collect', shape: 'lines', doc: 'Filter service names.', compat: peerOnly },
  'service-list': { args: ['TYPE?'], kind: 'collect', shape: 'lines', doc: 'Services of a type.', compat: peerOnly },
  'cron-entries': { args: ['SCHEDULER?'], kind: 'collect', shape: 'lines', doc: 'schedule;command;logfile lines.' },
} as const satisfies Record<string, TriggerSpec>;
