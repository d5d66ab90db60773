import { errors, GLOBAL, validate, type PluginContext } from '../../sdk/index.js';

export const DEFAULT_BRANCH = 'main';
/** Before `main`, git and Dokku defaulted to `master`: a first push of it is still taken when nothing is set. */
export const LEGACY_BRANCH = 'master';

const DEFAULTS: Record<string, string> = { 'deploy-branch': DEFAULT_BRANCH, 'rev-env-var': 'GIT_REV' };
export const SETTABLE = Object.keys(DEFAULTS);

/** A property of the app, else the global one, else berth's default. */
export function gitProperty(ctx: PluginContext, app: string, key: string): string {
  return ctx.props.computed(app, key, DEFAULTS[key] ?? '');
}

export function deployBranch(ctx: PluginContext, app: string): string {
  return gitProperty(ctx, app, 'deploy-branch');
}

/** Whether anyone chose a deploy branch, for the app or globally. */
export function deployBranchChosen(ctx: PluginContext, app: string): boolean {
  return ctx.props.get(app, 'deploy-branch') !== undefined || ctx.props.get(GLOBAL, 'deploy-branch') !== undefined;
}

/** git's branch name rules (check-ref-format), kept to names that are also safe in messages. */
export function assertBranch(name: string): string {
  const ok =
    /^[A-Za-z0-9._/-]+$/.test(name) &&
    name.length <= 200 &&
    !name.startsWith('-') &&
    !name.startsWith('/') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.endsWith('.lock') &&
    !name.includes('..') &&
    !name.includes('//') &&
    !name.split('/').some((part) => part.startsWith('.'));
  if (!ok) throw errors.invalidName('branch name', name, 'use a git branch name such as main or release/v2');
  return name;
}

/** Validates a value for git:set; an empty value clears the property. */
export function checkValue(key: string, value: string): string {
  if (value === '') return value;
  if (key === 'deploy-branch') return assertBranch(value);
  if (key === 'rev-env-var') return validate.assertConfigKey(value);
  return value;
}
