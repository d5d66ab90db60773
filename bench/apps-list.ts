import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fmtRatio, heading, line, measureAll, spawnOp } from './measure.js';
import { builtinHasCommand, emptyTree, linkBuiltin, repoDir } from './plugin-tree.js';
import { record, skip } from './summary.js';

const APPS = 1000;
const NAME = 'berth apps:list, 1,000 apps vs node -e 0';

/** `berth apps:list` over 1,000 app directories: listing must not cost a process or a trigger per app. */
export async function appsListBench(): Promise<void> {
  heading(`berth apps:list with ${APPS} apps (baseline: node -e 0)`);
  if (!builtinHasCommand('apps', 'apps:list')) {
    console.log('  skipped: no built-in apps plugin declaring apps:list in dist/plugins/apps');
    return skip(NAME, '≤ 2×', 'apps plugin missing');
  }
  const tree = emptyTree();
  try {
    linkBuiltin(tree, 'apps');
    for (let i = 1; i <= APPS; i++) fs.mkdirSync(path.join(tree.root, `app-${String(i).padStart(4, '0')}`));
    const berth = path.join(repoDir(), 'bin', 'berth');
    let listed: number;
    try {
      listed = execFileSync(berth, ['apps:list'], { env: tree.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .split('\n')
        .filter((l) => /^app-\d{4}$/.test(l.trim())).length;
    } catch (err) {
      console.log(`  skipped: berth apps:list failed: ${(err as Error).message.split('\n')[0]}`);
      return skip(NAME, '≤ 2×', 'apps:list failed');
    }
    const s = await measureAll(
      { node: spawnOp({ cmd: process.execPath, args: ['-e', '0'] }), list: spawnOp({ cmd: berth, args: ['apps:list'], env: tree.env }) },
      { warmup: 2, iterations: 10 },
    );
    line('node -e 0', s.node);
    line(`berth apps:list (${listed} of ${APPS} listed)`, s.list, { label: 'node -e 0', stats: s.node });
    const r = s.list.median / s.node.median;
    record({ name: NAME, measured: fmtRatio(r), target: '≤ 2×', pass: r <= 2, note: listed === APPS ? undefined : `only ${listed} listed` });
  } finally {
    tree.cleanup();
  }
}
