import { createRequire } from 'node:module';
import path from 'node:path';
import { GLOBAL, triggerRegistry, type DispatchRecord, type Interceptor, type PluginContext } from '../../sdk/index.js';
import { appOf, redactArgs } from './redact.js';

/** One line of logs/events.log; `level` is warn when the dispatch failed. */
export interface EventEntry {
  level?: string;
  time: string;
  trigger: string;
  kind: string;
  args: string[];
  app?: string;
  actor: { name: string; fingerprint: string };
  handlers: { plugin: string; kind: string; durationMs: number; exit: number }[];
  durationMs: number;
  exit: number;
  buildId?: string;
}

type EventLogger = Record<'info' | 'warn', (entry: Omit<EventEntry, 'time'>) => void>;

export const eventsFile = (ctx: PluginContext) => path.join(ctx.paths.logsDir, 'events.log');
export const eventsEnabled = (ctx: PluginContext) => ctx.props.get(GLOBAL, 'enabled') !== 'false';

const ms = (n: number) => Math.round(n * 10) / 10;

function argNames(trigger: string): readonly string[] | undefined {
  const specs = triggerRegistry as Record<string, { args: readonly string[] }>;
  return Object.prototype.hasOwnProperty.call(specs, trigger) ? specs[trigger].args : undefined;
}

export function toEntry(r: DispatchRecord): Omit<EventEntry, 'time'> {
  return {
    trigger: r.trigger,
    kind: r.kind,
    args: redactArgs(r.trigger, r.args, argNames(r.trigger)),
    app: appOf(r),
    actor: { name: r.actor.name, fingerprint: r.actor.fingerprint },
    handlers: r.handlers.map((h) => ({ plugin: h.plugin, kind: h.kind, durationMs: ms(h.durationMs), exit: h.exit })),
    durationMs: ms(r.durationMs),
    exit: r.exit,
    buildId: r.buildId,
  };
}

/** pino costs ~30 ms to load, so it is required on the first record only; sync writes survive the CLI's exit. */
function openLog(file: string): EventLogger {
  const pino = createRequire(import.meta.url)('pino') as typeof import('pino');
  return pino(
    { base: null, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    pino.destination({ dest: file, sync: true, mkdir: true }),
  );
}

/** The engine calls this once per process; events are on unless `events:off` stored enabled=false. */
export function intercept(ctx: PluginContext): Interceptor | undefined {
  if (!eventsEnabled(ctx)) return undefined;
  let log: EventLogger | undefined;
  let warned = false;
  return {
    onDispatch(record) {
      try {
        log ??= openLog(eventsFile(ctx));
        log[record.exit === 0 ? 'info' : 'warn'](toEntry(record));
      } catch (err) {
        if (!warned) ctx.log.warn(`Cannot write the event log ${eventsFile(ctx)}: ${(err as Error).message}`);
        warned = true;
      }
    },
  };
}
