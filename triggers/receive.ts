import { apiOnly, inProcess, noComponent } from './compat.js';
import type { TriggerSpec } from './types.js';

/** Receive and extract: from a push (or archive, directory, image) to a work dir. */
export const receive = {
  'receive-app': { args: ['APP', 'REV?'], kind: 'notify', doc: 'Build and deploy the app from its repo.' },
  'receive-branch': { args: ['APP', 'REV', 'REFNAME'], kind: 'notify', doc: 'Hook point: a push to a non-deploy ref.' },
  'git-pre-pull': { args: ['APP'], kind: 'notify', doc: 'Hook point before a git fetch/clone of the app repo is served.' },
  'git-post-pull': { args: ['APP'], kind: 'notify', doc: 'Hook point after a git fetch/clone of the app repo was served.' },
  'git-from-archive': { args: ['APP', 'URL', 'TYPE', 'USER', 'EMAIL'], kind: 'notify', doc: 'Commit the contents of an archive as the app source, then build.', compat: noComponent('git:from-archive command') },
  'git-from-directory': { args: ['APP', 'DIR', 'USER', 'EMAIL'], kind: 'notify', doc: 'Commit a directory as the app source, then build.', compat: noComponent('git:from-archive and git:from-image commands') },
  'git-from-image': { args: ['APP', 'IMAGE', 'BUILD_DIR', 'USER', 'EMAIL'], kind: 'notify', doc: 'Commit a Dockerfile that uses IMAGE as the app source, then build.', compat: noComponent('git:from-image command') },
  'git-deploy-branch': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'The branch a push must target to deploy.', compat: apiOnly },
  'core-post-extract': { args: ['APP', 'TMP_WORK_DIR', 'REV'], kind: 'gate', doc: 'Stage app.json, Procfile and friends from the build dir.' },
  'post-extract': { args: ['APP', 'TMP_WORK_DIR', 'REV'], kind: 'notify', doc: 'User hook; may edit the work dir.' },
  'pre-receive-app': { args: ['APP', 'IMAGE_SOURCE_TYPE', 'TMP_WORK_DIR', 'REV'], kind: 'gate', doc: 'Veto point after detection.' },
  'git-get-property': { args: ['APP', 'KEY'], kind: 'collect', shape: 'value', doc: 'A git plugin property.', compat: inProcess('its buildpacks, nginx and scheduler plugins (berth reads the git properties read-only)') },
  'git-revision': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'The deployed git revision.' },
} as const satisfies Record<string, TriggerSpec>;
