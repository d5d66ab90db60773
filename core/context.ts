import path from 'node:path';
import type { PluginRecord } from './discovery.js';
import type { DispatchContext } from './dispatch-context.js';
import { createLogger } from './logger.js';
import { PropertyStore } from './properties.js';
import type { Paths } from './paths.js';
import type { Triggers } from './triggers-api.js';
import type { Actor, GlobalFlags, PluginContext } from './types.js';

/** What a context reads from the engine that made it (the engine, seen from here without importing it). */
export interface ContextSource {
  readonly paths: Paths;
  readonly flags: GlobalFlags;
  readonly actor: Actor;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly triggers: Triggers;
  configOf(p: PluginRecord): Record<string, string>;
  shellEnv(p: PluginRecord): NodeJS.ProcessEnv;
  dispatchContext(): DispatchContext;
  withDispatchContext<T>(patch: DispatchContext, fn: () => T): T;
  readInput(): string;
}

/** A plugin's view of the platform: its own logger, config and properties, and the trigger API. */
export function createContext(engine: ContextSource, p: PluginRecord): PluginContext {
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(engine.configOf(p))) config[k.slice('CONFIG_'.length)] = v;
  const readers = new Map<string, ReturnType<PluginContext['readProps']>>();
  return {
    plugin: p.name,
    log: createLogger({ tag: p.name, quiet: engine.flags.quiet, trace: engine.flags.trace, stdout: engine.stdout, stderr: engine.stderr }),
    config: Object.freeze(config),
    props: new PropertyStore(engine.paths.libRoot, p.name),
    paths: Object.freeze({ ...engine.paths, data: path.join(engine.paths.libRoot, 'data', p.name), pluginDir: p.dir }),
    flags: engine.flags,
    actor: engine.actor,
    triggers: engine.triggers,
    stdout: engine.stdout,
    stderr: engine.stderr,
    get env() {
      return engine.shellEnv(p);
    },
    get dispatch() {
      return engine.dispatchContext();
    },
    withContext: (patch, fn) => engine.withDispatchContext(patch, fn),
    readInput: () => engine.readInput(),
    readProps(plugin: string) {
      let r = readers.get(plugin);
      if (!r) readers.set(plugin, (r = readOnly(new PropertyStore(engine.paths.libRoot, plugin))));
      return r;
    },
  };
}

/** Another plugin's store with only its read methods: a plugin never writes someone else's state. */
function readOnly(store: PropertyStore): ReturnType<PluginContext['readProps']> {
  return Object.freeze({
    get: store.get.bind(store),
    computed: store.computed.bind(store),
    getList: store.getList.bind(store),
    getMap: store.getMap.bind(store),
    all: store.all.bind(store),
    keys: store.keys.bind(store),
    exists: store.exists.bind(store),
  });
}
