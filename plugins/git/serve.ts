import fs from 'node:fs';
import { ensureEntryScript, errors, mark, validate, verifyApp, type CommandArgs, type PluginContext } from '../../sdk/index.js';
import { deployBranch } from './properties.js';
import { gitServe, initRepo, isRepo, repoDir, writeHook } from './repo.js';

/**
 * git clients send the repo as `'APP'` (scp-style remotes) or `'/APP'` (ssh:// URLs); only the
 * quotes and a leading slash are dropped, everything else must be a valid app name.
 */
export function appFromRepoArg(arg: string | undefined): string {
  let name = arg ?? '';
  const quoted = /^'(.*)'$/.exec(name) ?? /^"(.*)"$/.exec(name);
  if (quoted) name = quoted[1]!;
  name = name.replace(/^\/+/, '');
  return validate.assertAppName(name);
}

function oneRepoArg(argv: CommandArgs, command: string): string {
  const args = argv._ as string[];
  if (args.length !== 1 || !args[0]) throw errors.usage(`Usage: ${command} 'APP' (run by git over SSH)`);
  return args[0]!;
}

const CREATE_ONLY = '--create-only';

/** A push: create the app on first push (unless auto-creation is off), make the repo, let git receive. */
export async function receivePack(ctx: PluginContext, argv: CommandArgs): Promise<number> {
  // The child of createAside: the app comes first, so access control sees the same command shape.
  const createOnly = argv._.length === 2 && argv._[1] === CREATE_ONLY;
  const app = appFromRepoArg(oneRepoArg(createOnly ? { ...argv, _: argv._.slice(0, 1) } : argv, 'git-receive-pack'));
  if (createOnly) return maybeCreate(ctx, app);
  if (!(await ctx.triggers.gate('app-exists', app)).ok) {
    const exit = await createAside(ctx, app);
    if (exit !== 0) return exit;
  }
  await verifyApp(ctx, app);
  if (!fs.existsSync(repoDir(ctx, app))) throw errors.appNotFound(app);
  if (!isRepo(ctx, app)) await initRepo(ctx, app, deployBranch(ctx, app));
  else writeHook(ctx, app);
  mark('git-receive-pack starts');
  const exit = await gitServe(ctx, app, ['receive-pack', repoDir(ctx, app)]);
  mark('git-receive-pack done');
  return exit;
}

/** A fetch or clone of an existing app's code. */
export async function uploadPack(ctx: PluginContext, argv: CommandArgs): Promise<number> {
  const app = await verifyApp(ctx, appFromRepoArg(oneRepoArg(argv, 'git-upload-pack')));
  if (!isRepo(ctx, app)) throw errors.notFound(`App ${app} has no code yet`, `Push to it first: git push <remote> ${deployBranch(ctx, app)}`);
  await ctx.triggers.notify('git-pre-pull', app);
  const exit = await gitServe(ctx, app, ['upload-pack', repoDir(ctx, app)]);
  if (exit === 0) await ctx.triggers.notify('git-post-pull', app);
  return exit;
}

async function maybeCreate(ctx: PluginContext, app: string): Promise<number> {
  const created = await ctx.triggers.gate('app-maybe-create', app);
  if (!created.ok) throw created.error ?? errors.denied(`App ${app} could not be created`);
  return 0;
}

/**
 * stdout of git-receive-pack is the git protocol: what app creation prints (in any plugin, shell
 * or TS) must reach the user on stderr instead, so creation runs in a child whose stdout is our stderr.
 */
async function createAside(ctx: PluginContext, app: string): Promise<number> {
  const entry = ensureEntryScript(ctx.paths, { ifMissing: true, env: ctx.env });
  const { execa } = await import('execa');
  const r = await execa(entry, ['git-receive-pack', app, CREATE_ONLY], { stdin: 'ignore', stdout: 2, stderr: 'inherit', reject: false });
  return r.exitCode ?? 1;
}
