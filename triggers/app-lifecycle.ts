import { apiOnly } from './compat.js';
import type { TriggerSpec } from './types.js';

/** App lifecycle: create, destroy, rename, clone. */
export const appLifecycle = {
  'app-exists': { args: ['APP'], kind: 'gate', doc: 'Succeeds when the app exists.' },
  'app-maybe-create': { args: ['APP'], kind: 'gate', doc: 'Create the app on first push unless auto-creation is disabled.' },
  'app-create': { args: ['APP'], kind: 'gate', doc: 'Create an app (API for plugins; the core never fires it).', compat: apiOnly },
  'app-destroy': { args: ['APP'], kind: 'gate', doc: 'Destroy an app (API for plugins; the core never fires it).', compat: apiOnly },
  'app-list': { args: ['FILTER?'], kind: 'collect', shape: 'lines', doc: 'App names, one per line.' },
  'post-create': { args: ['APP'], kind: 'notify', doc: 'After apps:create made the app directory.' },
  'pre-delete': { args: ['APP', 'IMAGE_TAG'], kind: 'gate', doc: 'First step of apps:destroy; non-zero aborts the destroy.' },
  'post-delete': { args: ['APP', 'IMAGE_TAG'], kind: 'notify', doc: 'apps:destroy: wipe properties and data.' },
  'post-app-rename-setup': { args: ['OLD', 'NEW'], kind: 'notify', doc: 'apps:rename, after NEW was created: copy state.' },
  'post-app-rename': { args: ['OLD', 'NEW'], kind: 'notify', doc: 'After OLD was destroyed; rebuilds unless SKIP_REBUILD.' },
  'post-app-clone-setup': { args: ['OLD', 'NEW'], kind: 'notify', doc: 'apps:clone, after NEW was created: copy state.' },
  'post-app-clone': { args: ['OLD', 'NEW'], kind: 'notify', doc: 'After apps:clone finished.' },
  'git-has-code': { args: ['APP', 'BRANCH?'], kind: 'gate', doc: 'Succeeds when the app repo holds code.' },
  'deploy-source-set': { args: ['APP', 'TYPE', 'METADATA'], kind: 'notify', doc: 'Record where the deployed source came from.' },
} as const satisfies Record<string, TriggerSpec>;
