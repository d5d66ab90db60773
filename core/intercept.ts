import type { Kind } from '../triggers/types.js';

export interface HandlerRecord {
  plugin: string;
  kind: 'shell' | 'ts';
  durationMs: number;
  exit: number;
}

/** What the core tells interceptors about every dispatch. */
export interface DispatchRecord {
  trigger: string;
  kind: Kind | 'raw';
  args: readonly string[];
  app?: string;
  handlers: HandlerRecord[];
  durationMs: number;
  exit: number;
  buildId?: string;
  actor: { name: string; fingerprint: string };
}
