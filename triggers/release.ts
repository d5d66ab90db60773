import { inProcess, noComponent } from './compat.js';
import type { TriggerSpec } from './types.js';

/** Release: turning a built image into a release (app.json, Procfile release task, registry). */
export const release = {
  'release-and-deploy': { args: ['APP', 'TAG?', 'SOURCE?'], kind: 'notify', doc: 'Release the built image and deploy it.' },
  'deployed-app-image-tag': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'The image tag to deploy.' },
  'deployed-app-image-repo': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'The image repository to deploy from (the shell library\'s get_deploying_app_image_name asks it).' },
  'deployed-app-repository': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'The registry prefix the deployed image lives under, with its slash (empty for local images).' },
  'pre-release-builder': { args: ['BUILDER_TYPE', 'APP', 'IMAGE'], kind: 'gate', doc: 'Before release: app.json env and predeploy.' },
  'post-release-builder': { args: ['BUILDER_TYPE', 'APP', 'IMAGE'], kind: 'gate', doc: 'After release: release task, formation.' },
  'pre-deploy': { args: ['APP', 'TAG'], kind: 'notify', doc: 'Legacy hook point: builders fire it after post-release-builder when a plugin implements it (deprecated).' },
  'pre-release-buildpack': { args: ['APP', 'TAG'], kind: 'notify', doc: 'Legacy hook point before releasing a buildpack image.' },
  'pre-release-dockerfile': { args: ['APP', 'TAG'], kind: 'notify', doc: 'Legacy hook point before releasing a Dockerfile image.' },
  'pre-release-pack': { args: ['APP', 'TAG'], kind: 'notify', doc: 'Legacy hook point before releasing a pack (CNB) image.', compat: noComponent('pack (CNB) builder') },
  'pre-release-lambda': { args: ['APP', 'TAG'], kind: 'notify', doc: 'Legacy hook point before releasing a lambda image.', compat: noComponent('lambda builder') },
  'post-registry-login': { args: ['SERVER', 'USER'], kind: 'notify', doc: 'Hook point after logging in to a container registry.', compat: noComponent('registry plugin') },
  'releases-keep-images': { args: ['APP'], kind: 'collect', shape: 'lines', doc: 'Release tags whose images must not be pruned.' },
  'app-json-get-content': { args: ['APP'], kind: 'collect', shape: 'value', doc: 'The app.json of the app being deployed.' },
  'app-json-is-valid': { args: ['APP', 'PATH'], kind: 'gate', doc: 'Succeeds when the file at PATH is a valid app.json.', compat: inProcess('its app-json plugin') },
  'app-json-process-deploy-parallelism': { args: ['APP', 'PROC'], kind: 'collect', shape: 'value', doc: 'How many containers of a process type deploy at once.', compat: inProcess('its docker-local scheduler, per process type') },
} as const satisfies Record<string, TriggerSpec>;
