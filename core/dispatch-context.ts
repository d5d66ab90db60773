import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with a dispatch to every dispatch it causes, in this process and in child processes. */
export interface DispatchContext {
  /** The build this work belongs to (a git push or a rebuild). */
  readonly buildId?: string;
}

const current = new AsyncLocalStorage<DispatchContext>();

/** The context of the running dispatch, else the one the process was started with. */
export function dispatchContext(root: DispatchContext): DispatchContext {
  return current.getStore() ?? root;
}

/** Runs `fn` so that every dispatch it makes (and their shell handlers) sees `patch` on top of the current context. */
export function withDispatchContext<T>(root: DispatchContext, patch: DispatchContext, fn: () => T): T {
  return current.run({ ...dispatchContext(root), ...patch }, fn);
}

/** The context as the environment a child process gets: a nested berth starts with it as its root. */
export function contextEnv(c: DispatchContext): Record<string, string> {
  return c.buildId ? { BERTH_BUILD_ID: c.buildId } : {};
}

export function rootContext(env: NodeJS.ProcessEnv): DispatchContext {
  return env.BERTH_BUILD_ID ? { buildId: env.BERTH_BUILD_ID } : {};
}
