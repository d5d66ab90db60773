import path from 'node:path';
import { COUNTS, TRIGGER } from './engine.js';
import { cpuNote, fmtMs, fmtRatio, heading, line, measureAll, spawnOp, type Stats } from './measure.js';
import { builtinHasCommand, emptyTree, linkBuiltin, pluginTree, repoDir, type PluginTree } from './plugin-tree.js';
import { record, skip } from './summary.js';

const berthBin = () => path.join(repoDir(), 'bin', 'berth');
const plugnBin = () => path.join(repoDir(), 'bin', 'plugn');

/** `berth plugin:trigger` exists only once the plugin plugin declares it. */
export function berthTriggerCommand(): boolean {
  return builtinHasCommand('plugin', 'plugin:trigger');
}

export async function cliBench(): Promise<void> {
  const trees: PluginTree[] = [];
  const tree = (t: PluginTree) => (trees.push(t), t);
  try {
    const empty = tree(emptyTree());
    const ops: Record<string, () => unknown> = {
      'node -e 0': spawnOp({ cmd: process.execPath, args: ['-e', '0'] }),
      'berth version': spawnOp({ cmd: berthBin(), args: ['version'], env: empty.env }),
      'plugn trigger, no plugins': spawnOp({ cmd: plugnBin(), args: ['trigger', TRIGGER], env: empty.env }),
    };
    const shell46 = tree(pluginTree(46, 'shell-echo', TRIGGER));
    ops['plugn trigger <unimplemented>, 46 shell plugins'] = spawnOp({ cmd: plugnBin(), args: ['trigger', 'bench-nothing'], env: shell46.env });
    for (const kind of ['shell-echo', 'ts'] as const) {
      for (const count of COUNTS) {
        const t = count === 46 && kind === 'shell-echo' ? shell46 : tree(pluginTree(count, kind, TRIGGER));
        ops[`plugn trigger, ${count} ${kind === 'ts' ? 'TS' : 'shell'}`] = spawnOp({ cmd: plugnBin(), args: ['trigger', TRIGGER], env: t.env });
      }
    }
    const withBerthTrigger = berthTriggerCommand();
    if (withBerthTrigger) {
      for (const kind of ['shell-echo', 'ts'] as const) {
        const t = tree(pluginTree(46, kind, TRIGGER));
        linkBuiltin(t, 'plugin');
        ops[`berth plugin:trigger, 46 ${kind === 'ts' ? 'TS' : 'shell'}`] = spawnOp({ cmd: berthBin(), args: ['plugin:trigger', TRIGGER], env: t.env });
      }
    }
    const upstream = process.env.PLUGN_BIN;
    if (upstream) {
      for (const count of COUNTS) {
        const t = count === 46 ? shell46 : tree(pluginTree(count, 'shell-echo', TRIGGER));
        ops[`upstream plugn trigger, ${count} shell`] = spawnOp({ cmd: upstream, args: ['trigger', TRIGGER], env: t.env });
      }
    }
    heading('CLI, one process per call, all commands interleaved (baseline: node -e 0)');
    await dropBroken(ops);
    // dropBroken already ran every command once (manifest caches written, files in the page cache)
    const s = await measureAll(ops, { warmup: 1, iterations: 8 });
    const base = { label: 'node -e 0', stats: s['node -e 0'] };
    for (const [name, stats] of Object.entries(s)) line(name, stats, name === 'node -e 0' ? undefined : base);
    const perHandler = (kind: string) => {
      const [one, hundred] = [s[`plugn trigger, 1 ${kind}`], s[`plugn trigger, 100 ${kind}`]];
      return one && hundred ? fmtMs((hundred.median - one.median) / 99) : 'n/a';
    };
    console.log(`    marginal cost per handler from the CLI: shell ${perHandler('shell')}, TS ${perHandler('TS')}`);
    if (!withBerthTrigger) console.log('    berth plugin:trigger: not declared by dist/plugins/plugin/plugin.toml, measured bin/plugn only');

    if (s['berth version']) {
      const versionRatio = s['berth version'].median / base.stats.median;
      record({ name: 'berth version vs node -e 0', measured: fmtRatio(versionRatio), target: '≤ 1.5×', pass: versionRatio <= 1.5, note: cpuNote(s['berth version'], base.stats) });
    } else skip('berth version vs node -e 0', '≤ 1.5×', 'berth version failed');
    upstreamSummary(s, upstream);
  } finally {
    for (const t of trees) t.cleanup();
  }
}

/** A command that fails once (someone's work in progress, a missing plugin) is reported and left out, not fatal. */
async function dropBroken(ops: Record<string, () => unknown>): Promise<void> {
  for (const [name, op] of Object.entries(ops)) {
    try {
      await op();
    } catch (err) {
      console.log(`  ${name}: left out, it failed: ${(err as Error).message.split('\n')[0]}`);
      delete ops[name];
    }
  }
}

function upstreamSummary(s: Record<string, Stats>, upstream: string | undefined): void {
  if (!upstream) {
    console.log('\n  PLUGN_BIN not set: upstream comparison skipped');
    skip('46 shell handlers: upstream plugn / berth', '≥ 10×', 'PLUGN_BIN not set');
    return;
  }
  heading(`Upstream plugn (${upstream}) against bin/plugn, same trees`);
  for (const count of COUNTS) {
    const ours = s[`plugn trigger, ${count} shell`];
    const theirs = s[`upstream plugn trigger, ${count} shell`];
    if (ours && theirs)
      console.log(`  ${count} shell handler(s): berth ${fmtMs(ours.median)}, plugn ${fmtMs(theirs.median)}: berth is ${fmtRatio(theirs.median / ours.median)} faster (berth/plugn = ${(ours.median / theirs.median).toFixed(3)})`);
  }
  const [ours, theirs] = [s['plugn trigger, 46 shell'], s['upstream plugn trigger, 46 shell']];
  if (!ours || !theirs) return skip('46 shell handlers: upstream plugn / berth', '≥ 10×', 'a command failed');
  const r = theirs.median / ours.median;
  record({ name: '46 shell handlers: upstream plugn / berth', measured: fmtRatio(r), target: '≥ 10×', pass: r >= 10, note: theirs.cpu && ours.cpu ? `cpu ${fmtRatio(theirs.cpu / ours.cpu)}` : undefined });
}
