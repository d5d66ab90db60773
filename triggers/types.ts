/**
 * Result kinds. Each is a caller convention over plugn's one rule (byte order, shared stdin,
 * concatenated stdout, stop at the first non-zero exit):
 * - notify: run all, output streams to the user; a failure fails the caller.
 * - gate: only the exit status counts (an AND over handlers).
 * - first: the first non-empty line of output wins.
 * - collect: stdout kept as one value (`shape: 'value'`) or one record per line (`shape: 'lines'`).
 * - waterfall: the docker-args family: the caller's input on the shared stdin, output concatenated.
 * - select: the first argument names the provider; TS handlers run only in the selected provider.
 */
export type Kind = 'notify' | 'gate' | 'first' | 'collect' | 'waterfall' | 'select';
export type Role = 'builder' | 'scheduler' | 'proxy' | 'datastore';

export interface TriggerSpec {
  /** Argument names; `NAME?` is optional, `...NAME` takes the rest. */
  readonly args: readonly string[];
  readonly kind: Kind;
  readonly shape?: 'value' | 'lines';
  /** The handler reads the shared stdin stream. */
  readonly stdin?: boolean;
  readonly role?: Role;
  readonly doc: string;
  /**
   * A compatibility entry: berth's code never fires it, and it is declared so community plugins that
   * fire or implement it get its types and docs. The reason says why (who fires it in Dokku, and why
   * berth does not). An entry is either fired by berth's code or carries this; a test checks it.
   */
  readonly compat?: string;
}

/** The argument tuple a registry entry describes. */
export type ArgTuple<A extends readonly string[]> = A extends readonly []
  ? []
  : A extends readonly [infer H, ...infer R extends readonly string[]]
    ? H extends `...${string}`
      ? string[]
      : H extends `${string}?`
        ? [string?, ...ArgTuple<R>]
        : [string, ...ArgTuple<R>]
    : string[];
