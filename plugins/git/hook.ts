import fs from 'node:fs';
import { errors, validate, type CommandArgs, type PluginContext } from '../../sdk/index.js';
import { deployBranch, deployBranchChosen, LEGACY_BRANCH } from './properties.js';
import { setHead } from './repo.js';

const ZERO = /^0+$/;

export interface RefUpdate {
  oldRev: string;
  newRev: string;
  ref: string;
}

type Decision = { action: 'deploy' | 'branch' | 'ignore' | 'adopt'; update: RefUpdate } | { action: 'refuse'; update: RefUpdate; why: string[] };

/** The `OLD NEW REFNAME` lines git gives a pre-receive hook. */
export function parseRefUpdates(text: string): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [oldRev, newRev, ref, extra] = line.trim().split(/\s+/);
    if (!oldRev || !newRev || !ref || extra !== undefined || !/^[0-9a-f]{40,64}$/.test(oldRev) || !/^[0-9a-f]{40,64}$/.test(newRev))
      throw errors.usage(`git-hook: unexpected ref update line '${line}'`);
    updates.push({ oldRev, newRev, ref });
  }
  return updates;
}

/**
 * The deploy branch deploys (as a branch or a tag of that name); other refs go to `receive-branch`
 * when a plugin implements it. With no deploy branch chosen anywhere, a push of `master` is taken
 * and remembered (repos made before `main`); any other ref is refused so nothing is silently ignored.
 */
export function decide(ctx: PluginContext, app: string, u: RefUpdate): Decision {
  const branch = deployBranch(ctx, app);
  const isDeployRef = u.ref === `refs/heads/${branch}` || u.ref === `refs/tags/${branch}`;
  if (ZERO.test(u.newRev)) {
    if (!isDeployRef) return { action: 'ignore', update: u };
    return { action: 'refuse', update: u, why: [`${u.ref} is the deploy branch of ${app} and cannot be deleted`] };
  }
  if (isDeployRef) return { action: 'deploy', update: u };
  if (ctx.triggers.implemented('receive-branch')) return { action: 'branch', update: u };
  if (!deployBranchChosen(ctx, app) && u.ref === `refs/heads/${LEGACY_BRANCH}`) return { action: 'adopt', update: u };
  const pushed = u.ref.replace(/^refs\/heads\//, '');
  return {
    action: 'refuse',
    update: u,
    why: [
      `Push rejected: ${u.ref} is not the deploy branch of ${app} (${branch}).`,
      `Deploy it with 'git push <remote> ${pushed}:${branch}',`,
      `or make it the deploy branch with 'berth git:set ${app} deploy-branch ${pushed}'.`,
    ],
  };
}

/** `berth git-hook APP`: run by the pre-receive hook; a non-zero exit makes git refuse the whole push. */
export async function gitHook(ctx: PluginContext, argv: CommandArgs): Promise<number> {
  const app = validate.assertAppName(argv._[0] as string | undefined);
  const decisions = parseRefUpdates(readStdin()).map((u) => decide(ctx, app, u));
  const refused = decisions.filter((d) => d.action === 'refuse');
  if (refused.length) {
    for (const d of refused) ctx.log.warn(d.why.join('\n'));
    return 1;
  }
  const deploys = decisions.some((d) => d.action === 'deploy');
  for (const d of decisions) {
    if (d.action === 'adopt' && deploys) {
      ctx.log.warn(`${d.update.ref} was stored but not deployed: ${deployBranch(ctx, app)} is deployed by this push`);
      continue;
    }
    if (d.action === 'deploy' || d.action === 'adopt') await ctx.triggers.notify('receive-app', app, d.update.newRev);
    else if (d.action === 'branch') await ctx.triggers.notify('receive-branch', app, d.update.newRev, d.update.ref);
    // Remembered only once it deployed: a failed first build leaves nothing chosen.
    if (d.action === 'adopt') {
      ctx.props.set(app, 'deploy-branch', LEGACY_BRANCH);
      await setHead(ctx, app, LEGACY_BRANCH);
      ctx.log.info1(`Deploy branch of ${app} set to ${LEGACY_BRANCH}`);
    }
  }
  return 0;
}

function readStdin(): string {
  try {
    return fs.readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}
