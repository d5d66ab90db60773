import { specOf, type ArgsOf, type CollectResult, type OfKind, type Unregistered } from '../triggers/registry.js';
import type { Kind } from '../triggers/types.js';
import { errors, type BerthError } from './errors.js';
import type { HandlerRecord } from './intercept.js';

export type StdinSource = 'inherit' | 'ignore' | string | Buffer;

export interface DispatchOptions {
  capture: boolean;
  stdin?: StdinSource;
  /** first: stop once a handler answered. */
  bail?: boolean;
  kind?: Kind | 'raw';
}

export interface DispatchOutcome {
  exit: number;
  stdout: string;
  error?: BerthError;
  handlers: HandlerRecord[];
}

export function firstLine(text: string): string | undefined {
  for (const line of text.split('\n')) if (line.trim() !== '') return line;
  return undefined;
}

/** What the trigger API needs of the engine: one dispatch, and whether a name has handlers. */
export interface Dispatcher {
  dispatch(name: string, args: readonly string[], o: DispatchOptions): Promise<DispatchOutcome>;
  implemented(name: string): boolean;
}

type Rest<N extends string> = ArgsOf<N>;
type CommunityKind = 'notify' | 'gate' | 'first' | 'collect' | 'lines';

/** One dispatch method per result kind; the registry makes a wrong-kind call a compile error. */
export class Triggers {
  constructor(private readonly engine: Dispatcher) {}

  private defaultStdin(name: string): StdinSource {
    const spec = specOf(name);
    return spec && !spec.stdin ? 'ignore' : 'inherit';
  }

  /** Run every handler, output streams to the user; a failure throws. */
  async notify<N extends string>(name: OfKind<N, 'notify'>, ...args: Rest<N>): Promise<void> {
    const r = await this.engine.dispatch(name, args as string[], { capture: false, stdin: this.defaultStdin(name), kind: 'notify' });
    if (r.error) throw r.error;
  }

  /** Only the exit status counts: ok when every handler exited 0. */
  async gate<N extends string>(name: OfKind<N, 'gate'>, ...args: Rest<N>): Promise<{ ok: boolean; exit: number; error?: BerthError }> {
    const r = await this.engine.dispatch(name, args as string[], { capture: false, stdin: this.defaultStdin(name), kind: 'gate' });
    return { ok: r.exit === 0, exit: r.exit, error: r.error };
  }

  /** The first non-empty line any handler printed or returned. */
  async first<N extends string>(name: OfKind<N, 'first'>, ...args: Rest<N>): Promise<string | undefined> {
    const r = await this.engine.dispatch(name, args as string[], { capture: true, bail: true, stdin: this.defaultStdin(name), kind: 'first' });
    if (r.error) throw r.error;
    return firstLine(r.stdout)?.trim();
  }

  /** All output as one trimmed value, or as non-empty lines for `shape: 'lines'` triggers. */
  async collect<N extends string>(name: OfKind<N, 'collect'>, ...args: Rest<N>): Promise<CollectResult<N>> {
    const r = await this.engine.dispatch(name, args as string[], { capture: true, stdin: this.defaultStdin(name), kind: 'collect' });
    if (r.error) throw r.error;
    const spec = specOf(name);
    if (spec?.shape === 'lines') return r.stdout.split('\n').filter((l) => l.trim() !== '') as CollectResult<N>;
    return r.stdout.replace(/\n+$/, '') as CollectResult<N>;
  }

  /** The docker-args family: `input` goes on the shared stdin, handler output is concatenated. */
  async waterfall<N extends string>(name: OfKind<N, 'waterfall'>, input: string, ...args: Rest<N>): Promise<string> {
    const r = await this.engine.dispatch(name, args as string[], { capture: true, stdin: input, kind: 'waterfall' });
    if (r.error) throw r.error;
    return r.stdout;
  }

  /** Role triggers: the first argument names the provider; only it (and guarding shell handlers) run. */
  async select<N extends string>(name: OfKind<N, 'select'>, ...args: Rest<N>): Promise<void> {
    const r = await this.engine.dispatch(name, args as string[], { capture: false, stdin: this.defaultStdin(name), kind: 'select' });
    if (r.error) throw r.error;
  }

  /** A select trigger whose provider answers with a value. */
  async selectValue<N extends string>(name: OfKind<N, 'select'>, ...args: Rest<N>): Promise<string> {
    const r = await this.engine.dispatch(name, args as string[], { capture: true, stdin: this.defaultStdin(name), kind: 'select' });
    if (r.error) throw r.error;
    return r.stdout.replace(/\n+$/, '');
  }

  /**
   * The one call for community hook points: trigger names that are not in the registry (the kind
   * methods accept registered names only, so a misspelt trigger fails to compile). `kind` says how
   * the caller reads the result, as for the kind methods; `lines` is collect with one record per line.
   */
  community<N extends string>(kind: 'notify', name: Unregistered<N>, ...args: string[]): Promise<void>;
  community<N extends string>(kind: 'gate', name: Unregistered<N>, ...args: string[]): Promise<{ ok: boolean; exit: number; error?: BerthError }>;
  community<N extends string>(kind: 'first', name: Unregistered<N>, ...args: string[]): Promise<string | undefined>;
  community<N extends string>(kind: 'collect', name: Unregistered<N>, ...args: string[]): Promise<string>;
  community<N extends string>(kind: 'lines', name: Unregistered<N>, ...args: string[]): Promise<string[]>;
  async community(kind: CommunityKind, name: string, ...args: string[]): Promise<unknown> {
    if (specOf(name)) throw errors.usage(`${name} is a registered trigger`, `Fire it with triggers.${specOf(name)!.kind}('${name}', …)`);
    const loose = this as unknown as Record<'notify' | 'gate' | 'first' | 'collect', (n: string, ...a: string[]) => Promise<unknown>>;
    if (kind !== 'lines') return loose[kind](name, ...args);
    const text = (await loose.collect(name, ...args)) as string;
    return text.split('\n').filter((l) => l.trim() !== '');
  }

  /** plugn's `trigger`: every handler, caller's stdin, output passed through; returns the exit code. */
  async raw(name: string, args: readonly string[], stdin: StdinSource = 'inherit'): Promise<DispatchOutcome> {
    return this.engine.dispatch(name, args, { capture: false, stdin, kind: 'raw' });
  }

  implemented(name: string): boolean {
    return this.engine.implemented(name);
  }
}
