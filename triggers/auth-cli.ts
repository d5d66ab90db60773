import type { TriggerSpec } from './types.js';

/** Auth, CLI and plugin management. */
export const authCli = {
  'user-auth': { args: ['SSH_USER', 'SSH_NAME', 'CMD', '...ARGS'], kind: 'gate', doc: 'Allow or deny a command before dispatch; non-zero denies.' },
  'user-auth-app': { args: ['SSH_USER', 'SSH_NAME', '...APPS'], kind: 'collect', shape: 'lines', doc: 'Filter app names to those the caller may see.' },
  install: { args: [], kind: 'notify', doc: 'Idempotent setup and migrations, run for every plugin on install.' },
  dependencies: { args: [], kind: 'notify', doc: 'Install system dependencies of plugins.' },
  update: { args: [], kind: 'notify', doc: 'Fired by plugin:update after the code changed.' },
  uninstall: { args: ['PLUGIN'], kind: 'notify', doc: 'Fired before a plugin is removed; handlers check $1 is themselves.' },
  report: { args: ['APP'], kind: 'notify', doc: 'Print a report section for the app.' },
} as const satisfies Record<string, TriggerSpec>;
