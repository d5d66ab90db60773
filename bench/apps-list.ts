import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cpuNote, fmtRatio, heading, line, measureAll, spawnOp } from './measure.js';
import { builtinHasCommand, emptyTree, linkAllBuiltins, linkBuiltin, repoDir, type PluginTree } from './plugin-tree.js';
import { record, skip } from './summary.js';

const APPS = 1000;
const NAME = 'berth apps:list, 1,000 apps vs node -e 0';
const berth = () => path.join(repoDir(), 'bin', 'berth');

function withApps(tree: PluginTree): PluginTree {
  for (let i = 1; i <= APPS; i++) fs.mkdirSync(path.join(tree.root, `app-${String(i).padStart(4, '0')}`));
  return tree;
}

/** How many of the apps one `berth apps:list` printed; throws when the command fails. */
function listed(env: NodeJS.ProcessEnv): number {
  const out = execFileSync(berth(), ['apps:list'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter((l) => /^app-\d{4}$/.test(l.trim())).length;
}

/** `berth apps:list` over 1,000 app directories: listing must not cost a process or a trigger per app. */
export async function appsListBench(): Promise<void> {
  heading(`berth apps:list with ${APPS} apps (baseline: node -e 0)`);
  if (!builtinHasCommand('apps', 'apps:list')) {
    console.log('  skipped: no built-in apps plugin declaring apps:list in dist/plugins/apps');
    return skip(NAME, '≤ 2×', 'apps plugin missing');
  }
  const alone = withApps(emptyTree());
  const all = withApps(emptyTree());
  try {
    linkBuiltin(alone, 'apps');
    const builtins = linkAllBuiltins(all);
    let count: number;
    try {
      count = listed(alone.env);
    } catch (err) {
      console.log(`  skipped: berth apps:list failed: ${(err as Error).message.split('\n')[0]}`);
      return skip(NAME, '≤ 2×', 'apps:list failed');
    }
    const ops: Record<string, () => unknown> = {
      node: spawnOp({ cmd: process.execPath, args: ['-e', '0'] }),
      alone: spawnOp({ cmd: berth(), args: ['apps:list'], env: alone.env }),
      all: spawnOp({ cmd: berth(), args: ['apps:list'], env: all.env }),
    };
    const s = await measureAll(ops, { warmup: 2, iterations: 10 });
    const base = { label: 'node -e 0', stats: s.node };
    line('node -e 0', s.node);
    line(`berth apps:list, apps plugin only (${count} of ${APPS})`, s.alone, base);
    line(`berth apps:list, all ${builtins.length} built-ins enabled`, s.all, base);
    const r = s.alone.median / s.node.median;
    const note = [cpuNote(s.alone, s.node), count === APPS ? '' : `only ${count} listed`].filter(Boolean).join('; ');
    record({ name: NAME, measured: fmtRatio(r), target: '≤ 2×', pass: r <= 2, note });
    record({ name: 'berth apps:list, 1,000 apps, all built-ins', measured: fmtRatio(s.all.median / s.node.median), target: 'none (informational)', note: cpuNote(s.all, s.node) });
  } finally {
    alone.cleanup();
    all.cleanup();
  }
}
