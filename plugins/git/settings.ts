import { errors, GLOBAL, printReport, verifyApp, type CommandArgs, type PluginContext } from '../../sdk/index.js';
import { checkValue, deployBranch, SETTABLE } from './properties.js';
import { git, isRepo, resolveCommit, setHead } from './repo.js';

/** `git:set APP|--global KEY [VALUE]`: no value clears the property. */
export async function gitSet(ctx: PluginContext, argv: CommandArgs): Promise<void> {
  const global = argv.global === true;
  const args = (argv._ as string[]).slice();
  const scope = global ? GLOBAL : await verifyApp(ctx, args.shift());
  const [key, value = '', extra] = args;
  if (!key) throw errors.usage('Usage: berth git:set APP|--global KEY [VALUE]');
  if (!SETTABLE.includes(key)) throw errors.usage(`Invalid git property '${key}'`, `Valid properties: ${SETTABLE.join(', ')}`);
  if (extra !== undefined) throw errors.usage('Too many arguments: quote the value if it contains spaces');
  ctx.props.set(scope, key, checkValue(key, value));
  ctx.log.info1(value === '' ? `Unsetting ${key}` : `Setting ${key} to ${value}`);
  if (key === 'deploy-branch' && scope !== GLOBAL) await setHead(ctx, scope, deployBranch(ctx, scope));
}

/** `git:report [APP] [--format json] [--git-deploy-branch …]`. */
export async function gitReport(ctx: PluginContext, argv: CommandArgs): Promise<void> {
  const [appArg] = argv._ as string[];
  const app = appArg === undefined ? undefined : await verifyApp(ctx, appArg);
  await printReport(ctx, argv, { title: 'git', app, rows: (a) => rows(ctx, a) });
}

async function rows(ctx: PluginContext, app: string): Promise<Record<string, string>> {
  const branch = deployBranch(ctx, app);
  const sha = isRepo(ctx, app) ? ((await resolveCommit(ctx, app, `refs/heads/${branch}`)) ?? '') : '';
  const updated = sha ? (await git(ctx, app, ['log', '-1', '--format=%ct', sha])).stdout.trim() : '';
  return {
    'git-deploy-branch': branch,
    'git-global-deploy-branch': ctx.props.get(GLOBAL, 'deploy-branch') ?? '',
    'git-rev-env-var': ctx.props.computed(app, 'rev-env-var', 'GIT_REV'),
    'git-sha': sha,
    'git-last-updated-at': updated,
  };
}
