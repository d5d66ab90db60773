import path from 'node:path';
import { Engine } from '../core/engine.js';
import { pluginPathsFrom } from '../core/paths.js';
import { fmtMs, fmtRatio, heading, line, measureAll, runToExit, type Stats } from './measure.js';
import { pluginTree, type HandlerKind, type PluginTree } from './plugin-tree.js';
import { countSpawns } from './spawn-counter.js';
import { record } from './summary.js';

export const TRIGGER = 'bench-hook';
export const COUNTS = [1, 10, 46, 100];

function engineFor(tree: PluginTree): Engine {
  const paths = pluginPathsFrom(tree.pluginPath, { root: tree.root, libRoot: tree.libRoot, logsDir: path.join(tree.libRoot, 'logs') });
  return new Engine({ paths, env: tree.env, self: 'berth-bench' });
}

/** What `collect` does: every handler, output captured, no stdin. */
async function dispatch(engine: Engine, trigger = TRIGGER): Promise<string> {
  const r = await engine.dispatch(trigger, [], { capture: true, stdin: 'ignore', kind: 'collect' });
  if (r.exit !== 0) throw r.error ?? new Error(`${trigger} exited ${r.exit}`);
  return r.stdout;
}

async function checkedEngine(tree: PluginTree, count: number): Promise<Engine> {
  const engine = engineFor(tree);
  const out = await dispatch(engine);
  if (out !== 'x\n'.repeat(count)) throw new Error(`expected ${count} lines of x from ${TRIGGER}, got ${JSON.stringify(out.slice(0, 80))}`);
  return engine;
}

async function tsHandlers(): Promise<void> {
  heading('Engine in-process, TS handlers: warm engine, one dispatch = every handler (baseline: the same handler functions called directly)');
  for (const count of COUNTS) {
    const tree = pluginTree(count, 'ts', TRIGGER);
    try {
      const engine = await checkedEngine(tree, count);
      const fns = await Promise.all(engine.handlers(TRIGGER).map(async (h) => (await engine.module(h.plugin)).triggers![TRIGGER]!));
      const ctx = engine.context(engine.plugins()[0]);
      const direct = async () => {
        let out = '';
        for (const f of fns) out += (await f(ctx)) + '\n';
        return out;
      };
      const s = await measureAll({ direct, engine: () => dispatch(engine) }, { warmup: 3, iterations: 25, batch: 200 });
      line(`${count} TS handler(s)`, s.engine, { label: 'direct calls', stats: s.direct });
      if (count === 46) {
        record({ name: 'dispatch, 46 TS handlers, in-process (warm)', measured: fmtMs(s.engine.median), target: '≤ 50 µs', pass: s.engine.median <= 0.05 });
        const cold = await measureAll({ cold: () => dispatch(engineFor(tree)) }, { warmup: 2, iterations: 15 });
        line(`${count} TS handlers, fresh Engine each time`, cold.cold, { label: 'warm', stats: s.engine });
        console.log("    (fresh Engine = discovery of 46 plugins and their manifests; modules stay in node's import cache)");
      }
    } finally {
      tree.cleanup();
    }
  }
}

async function shellHandlers(kind: HandlerKind): Promise<void> {
  heading(`Engine in-process, shell handlers (${kind === 'shell-echo' ? 'echo x' : 'exit 0'}): warm engine (baseline: spawning the same files directly, one after another)`);
  for (const count of COUNTS) {
    const tree = pluginTree(count, kind, TRIGGER);
    try {
      const engine = await checkedEngine(tree, count);
      const files = engine.handlers(TRIGGER).map((h) => (h.type === 'shell' ? h.file : ''));
      const direct = async () => {
        for (const f of files) await runToExit({ cmd: f, env: tree.env });
      };
      const s = await measureAll({ direct, engine: () => dispatch(engine) }, { warmup: 1, iterations: count >= 46 ? 3 : 8 });
      line(`${count} shell handler(s)`, s.engine, { label: 'direct spawns', stats: s.direct });
      console.log(`    per handler: ${fmtMs(s.engine.median / count)}`);
    } finally {
      tree.cleanup();
    }
  }
}

/** A trigger nobody implements, with 46 shell plugins enabled: must cost no process at all. */
async function noHandler(): Promise<void> {
  heading('Engine in-process, a trigger no plugin implements, 46 shell plugins enabled');
  const tree = pluginTree(46, 'shell-echo', TRIGGER);
  try {
    const engine = await checkedEngine(tree, 46);
    const oneSpawn = path.join(tree.pluginPath, 'enabled', 'bench-001', TRIGGER);
    const counter = countSpawns();
    let spawnsDuring = -1;
    let warm: Stats | undefined;
    try {
      const nothing = async () => {
        const out = await dispatch(engine, 'bench-nothing');
        if (out !== '') throw new Error('a no-handler trigger printed something');
      };
      const before = counter.count();
      warm = (await measureAll({ nothing }, { warmup: 5, iterations: 20, batch: 50 })).nothing;
      await measureAll({ fresh: () => dispatch(engineFor(tree), 'bench-nothing') }, { warmup: 1, iterations: 5 });
      spawnsDuring = counter.count() - before;
      const c0 = counter.count();
      await dispatch(engine);
      if (counter.count() - c0 !== 46) throw new Error(`spawn counter saw ${counter.count() - c0} spawns for 46 handlers: it does not work`);
    } finally {
      counter.restore();
    }
    const s = await measureAll(
      {
        spawn: () => runToExit({ cmd: oneSpawn, env: tree.env }),
        fresh: () => dispatch(engineFor(tree), 'bench-nothing'),
      },
      { warmup: 2, iterations: 15 },
    );
    line('one direct spawn of a handler (baseline)', s.spawn);
    line('no-handler dispatch, warm engine', warm!, { label: 'one spawn', stats: s.spawn });
    line('no-handler dispatch, fresh Engine (discovery)', s.fresh, { label: 'one spawn', stats: s.spawn });
    console.log(`    child processes started by no-handler dispatches: ${spawnsDuring} (the counter saw 46 for one real dispatch)`);
    record({ name: 'no-handler trigger, 46 shell plugins: processes spawned', measured: String(spawnsDuring), target: '0', pass: spawnsDuring === 0 });
    record({
      name: 'no-handler trigger, 46 shell plugins, fresh Engine',
      measured: `${fmtMs(s.fresh.median)} (${fmtRatio(s.fresh.median / s.spawn.median)} one spawn)`,
      target: '< 1 spawn',
      pass: s.fresh.median < s.spawn.median,
    });
  } finally {
    tree.cleanup();
  }
}

export async function engineBench(): Promise<void> {
  await tsHandlers();
  await shellHandlers('shell-echo');
  await noHandler();
}
