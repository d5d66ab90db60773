import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext } from './context.js';
import { contextEnv, dispatchContext, rootContext, withDispatchContext, type DispatchContext } from './dispatch-context.js';
import { discoverEnabled, type PluginRecord } from './discovery.js';
import { errors } from './errors.js';
import { firstLine, Triggers, type DispatchOptions, type DispatchOutcome, type StdinSource } from './triggers-api.js';
import { dispatchStart, type DispatchRecord, type DispatchStart } from './intercept.js';
import { defaultImporter, loadPluginModule, type ModuleImporter } from './module-loader.js';
import { configValues, readConfigToml, type ConfigTables } from './plugin-config.js';
import type { Paths } from './paths.js';
import type { Actor, GlobalFlags, Interceptor, PluginContext, PluginDefinition } from './types.js';
import { roles } from './roles.js';
import { declared, passedOver, selectionOf, type AppSelection, type Selection } from './selection.js';
import { runShell } from './shell-runner.js';
import { assertTriggerName } from './validate.js';
import { berthVersion } from './version.js';

export interface EngineOptions {
  paths: Paths;
  env?: NodeJS.ProcessEnv;
  /** Variables added for shell handlers on top of the caller's environment (Dokku's names, global flags). */
  extraEnv?: Record<string, string>;
  flags?: Partial<GlobalFlags>;
  importer?: ModuleImporter;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  self?: string;
}

export type Handler =
  | { type: 'ts'; plugin: PluginRecord }
  | { type: 'shell'; plugin: PluginRecord; file: string }
  | { type: 'noexec'; plugin: PluginRecord };

/** The tiny core: finds handlers in byte order and runs them with plugn's stop-at-first-failure rule. */
export class Engine {
  readonly paths: Paths;
  readonly env: NodeJS.ProcessEnv;
  readonly flags: GlobalFlags;
  readonly actor: Actor;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly triggers: Triggers;
  private readonly importer: ModuleImporter;
  private readonly extraEnv: Record<string, string>;
  private readonly self: string;
  private pluginList?: PluginRecord[];
  private configTables?: ConfigTables;
  private readonly handlerCache = new Map<string, Handler[]>();
  private readonly modules = new Map<string, Promise<PluginDefinition>>();
  /** Modules already imported, so a warm dispatch calls handlers without awaiting anything it need not. */
  private readonly loaded = new Map<string, PluginDefinition>();
  private readonly contexts = new Map<string, PluginContext>();
  private readonly shellEnvs = new Map<string, NodeJS.ProcessEnv>();
  private readonly interceptors: Interceptor[] = [];
  private inputFd: number | 'none' = 'none';
  private readonly root: DispatchContext;

  constructor(o: EngineOptions) {
    this.paths = o.paths;
    this.env = o.env ?? process.env;
    this.extraEnv = o.extraEnv ?? {};
    this.flags = { quiet: false, trace: false, force: false, ...o.flags };
    this.importer = o.importer ?? defaultImporter;
    this.stdout = o.stdout ?? process.stdout;
    this.stderr = o.stderr ?? process.stderr;
    this.self = o.self ?? process.argv[1] ?? 'berth';
    this.actor = { name: this.env.NAME ?? '', fingerprint: this.env.FINGERPRINT ?? '', sshUser: this.env.SSH_USER ?? os.userInfo().username };
    this.triggers = new Triggers(this);
    this.root = rootContext(this.env);
  }

  plugins(): PluginRecord[] {
    return (this.pluginList ??= discoverEnabled(this.paths));
  }

  plugin(name: string): PluginRecord | undefined {
    return this.plugins().find((p) => p.name === name);
  }

  config(): ConfigTables {
    return (this.configTables ??= readConfigToml(this.paths.configToml));
  }

  /** Forget discovered plugins (after enable/disable/install, or a watched change). */
  reset(): void {
    this.pluginList = undefined;
    this.configTables = undefined;
    this.handlerCache.clear();
    this.modules.clear();
    this.loaded.clear();
    this.contexts.clear();
    this.shellEnvs.clear();
  }

  intercept(i: Interceptor): void {
    this.interceptors.push(i);
  }

  /** Load plugins that declared themselves interceptors; a broken one is reported, never fatal. */
  async loadInterceptors(): Promise<void> {
    for (const p of this.plugins()) {
      if (!p.manifest.interceptor || p.error) continue;
      try {
        const i = await (await this.module(p)).intercept?.(this.context(p));
        if (i) this.intercept(i);
      } catch (err) {
        this.stderr.write(` !     ${(err as Error).message}\n`);
      }
    }
  }

  async flush(): Promise<void> {
    for (const i of this.interceptors) await i.flush?.();
  }

  module(p: PluginRecord): Promise<PluginDefinition> {
    let m = this.modules.get(p.name);
    if (!m) {
      this.modules.set(p.name, (m = loadPluginModule(p, this.importer)));
      m.then((def) => this.loaded.set(p.name, def), () => {});
    }
    return m;
  }

  context(p: PluginRecord): PluginContext {
    let c = this.contexts.get(p.name);
    if (!c) this.contexts.set(p.name, (c = createContext(this, p)));
    return c;
  }

  configOf(p: PluginRecord): Record<string, string> {
    return configValues(p.name, p.manifest.configKeys, this.config(), this.env);
  }

  /** The environment every child process of berth gets: the caller's plus the platform's names. */
  baseEnv(): NodeJS.ProcessEnv {
    return {
      ...this.env,
      ...this.extraEnv,
      PLUGIN_PATH: this.paths.pluginPath,
      PLUGN_VERSION: berthVersion(),
      SELF: this.self,
      SELF_EXECUTABLE: this.self,
    };
  }

  shellEnv(p: PluginRecord): NodeJS.ProcessEnv {
    let e = this.shellEnvs.get(p.name);
    if (!e) this.shellEnvs.set(p.name, (e = { ...this.baseEnv(), ...this.configOf(p) }));
    const c = this.dispatchContext();
    return c.buildId === this.root.buildId ? e : { ...e, ...contextEnv(c) };
  }

  /** The context of the running dispatch (the build id, …), inherited by every dispatch it makes. */
  dispatchContext(): DispatchContext {
    return dispatchContext(this.root);
  }

  withDispatchContext<T>(patch: DispatchContext, fn: () => T): T {
    return withDispatchContext(this.root, patch, fn);
  }

  handlers(trigger: string): Handler[] {
    let list = this.handlerCache.get(trigger);
    if (list) return list;
    list = [];
    for (const p of this.plugins()) {
      // A broken manifest keeps its shell hooks (plugn runs them); an incompatible plugin runs nothing.
      if (p.error?.code === 'PLUGIN_INCOMPATIBLE') continue;
      if (!p.error && p.manifest.triggers.includes(trigger)) list.push({ type: 'ts', plugin: p });
      const file = path.join(p.dir, trigger);
      let st: fs.Stats;
      try {
        st = fs.statSync(file);
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      list.push(isExecutable(file) ? { type: 'shell', plugin: p, file } : { type: 'noexec', plugin: p });
    }
    this.handlerCache.set(trigger, list);
    return list;
  }

  /** Whether any plugin answers this trigger; interceptors never count. */
  implemented(trigger: string): boolean {
    return this.handlers(trigger).some((h) => h.type !== 'noexec');
  }

  readInput(): string {
    if (this.inputFd === 'none') return '';
    try {
      return fs.readFileSync(this.inputFd, 'utf8');
    } catch {
      return '';
    }
  }

  async dispatch(trigger: string, args: readonly string[], o: DispatchOptions): Promise<DispatchOutcome> {
    assertTriggerName(trigger);
    // Timings are only for interceptors; a dispatch nobody observes skips the clock.
    const timed = this.interceptors.length > 0;
    const start = timed ? this.emitStart(trigger, args, o) : undefined;
    const started = timed ? performance.now() : 0;
    const routed = selectionOf(trigger, args);
    const selected = routed && 'app' in routed ? await this.selectedFor(routed, this.handlers(trigger)) : routed;
    const out: DispatchOutcome = { exit: 0, stdout: '', handlers: [] };
    const { fd, close } = openStdin(o.stdin ?? 'inherit');
    const previousInput = this.inputFd;
    this.inputFd = fd === 'ignore' ? 'none' : fd === 'inherit' ? 0 : fd;
    try {
      for (const h of this.handlers(trigger)) {
        if (passedOver(h.plugin, selected)) continue;
        if (h.type === 'noexec') {
          this.stderr.write(`Trigger '${trigger}' is not executable, skipping plugin (${h.plugin.name})\n`);
          continue;
        }
        const t0 = timed ? performance.now() : 0;
        const pending = h.type === 'shell' ? this.runShellHandler(h, args, fd, o, out) : this.runTsHandler(h, trigger, args, o, out);
        const exit = typeof pending === 'number' ? pending : await pending;
        out.handlers.push({ plugin: h.plugin.name, kind: h.type, durationMs: timed ? performance.now() - t0 : 0, exit });
        if (exit !== 0) {
          out.exit = exit;
          out.error ??= errors.triggerFailed(trigger, h.plugin.name, exit);
          break;
        }
        if (o.bail && firstLine(out.stdout) !== undefined) break;
      }
    } finally {
      close();
      this.inputFd = previousInput;
    }
    if (start) this.emit(start, out, performance.now() - started);
    return out;
  }

  /** The implementation selected for the app, asked only when some handler's plugin declares one of the role. */
  private async selectedFor(s: AppSelection, handlers: Handler[]): Promise<Selection | undefined> {
    const detect = roles[s.role].detect;
    if (!detect || !declared(handlers.map((h) => h.plugin), s.role)) return undefined;
    return { role: s.role, name: (await this.triggers.collect(detect, s.app)).trim() || (roles[s.role].default ?? '') };
  }

  private async runShellHandler(h: Extract<Handler, { type: 'shell' }>, args: readonly string[], fd: number | 'inherit' | 'ignore', o: DispatchOptions, out: DispatchOutcome) {
    const r = await runShell({ file: h.file, args, env: this.shellEnv(h.plugin), stdin: fd, capture: o.capture });
    if (o.capture) out.stdout += r.stdout;
    return r.exit;
  }

  private runTsHandler(h: Extract<Handler, { type: 'ts' }>, trigger: string, args: readonly string[], o: DispatchOptions, out: DispatchOutcome): number | Promise<number> {
    const def = this.loaded.get(h.plugin.name);
    if (!def) return this.module(h.plugin).then(() => this.runTsHandler(h, trigger, args, o, out), (err) => this.handlerFailed(trigger, h, err, out));
    let result: unknown;
    try {
      result = def.triggers![trigger]!(this.context(h.plugin), ...args);
    } catch (err) {
      return this.handlerFailed(trigger, h, err, out);
    }
    if (result instanceof Promise) return result.then((r) => this.tsResult(r, o, out), (err) => this.handlerFailed(trigger, h, err, out));
    return this.tsResult(result, o, out);
  }

  private handlerFailed(trigger: string, h: Handler, err: unknown, out: DispatchOutcome): number {
    out.error = errors.handlerThrew(trigger, h.plugin.name, err);
    return out.error.exitCode || 1;
  }

  private tsResult(result: unknown, o: DispatchOptions, out: DispatchOutcome): number {
    if (result === undefined || result === null) return 0;
    const text = Array.isArray(result) ? result.join('\n') : String(result);
    // A returned string is the handler's stdout: captured, or passed through like a shell handler's.
    const line = text === '' || text.endsWith('\n') ? text : text + '\n';
    if (o.capture) out.stdout += line;
    else if (line) this.stdout.write(line);
    return 0;
  }


  private emitStart(trigger: string, args: readonly string[], o: DispatchOptions): DispatchStart {
    const start = dispatchStart(trigger, o.kind ?? 'raw', args, this.dispatchContext().buildId, this.actor);
    for (const i of this.interceptors) {
      try {
        i.onDispatchStart?.(start);
      } catch {
        // an observer must never change the outcome of a dispatch
      }
    }
    return start;
  }

  private emit(start: DispatchStart, out: DispatchOutcome, durationMs: number) {
    const record: DispatchRecord = { ...start, handlers: out.handlers, durationMs, exit: out.exit };
    for (const i of this.interceptors) {
      try {
        i.onDispatch(record);
      } catch {
        // an observer must never change the outcome of a dispatch
      }
    }
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}


/** A string input becomes one open descriptor that every handler shares, so the first reader takes it all. */
function openStdin(src: StdinSource): { fd: number | 'inherit' | 'ignore'; close: () => void } {
  if (src === 'inherit' || src === 'ignore') return { fd: src, close: () => {} };
  const file = path.join(os.tmpdir(), `berth-stdin-${process.pid}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, src, { mode: 0o600 });
  const fd = fs.openSync(file, 'r');
  fs.rmSync(file);
  return { fd, close: () => fs.closeSync(fd) };
}

export { firstLine, Triggers, type DispatchOptions, type DispatchOutcome, type StdinSource };
