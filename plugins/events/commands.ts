import fs from 'node:fs';
import path from 'node:path';
import { errors, GLOBAL, triggerRegistry, validate, type CommandArgs, type PluginContext } from '../../sdk/index.js';
import { eventsEnabled, eventsFile } from './interceptor.js';
import { formatEntry, lastLines, parseEntry } from './read-log.js';

function count(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw errors.usage(`${flag} expects a whole number, got '${String(value)}'`);
  return n;
}

function show(ctx: PluginContext, line: string, json: boolean): void {
  const entry = parseEntry(line);
  if (json) ctx.log.out(entry ? JSON.stringify(entry) : line);
  else ctx.log.out(entry ? formatEntry(entry) : line);
}

export async function showEvents(ctx: PluginContext, argv: CommandArgs): Promise<void> {
  const num = count(argv.num, '-n')!;
  const maxLines = count(argv.maxLines, '--max-lines');
  const timeoutSeconds = count(argv.timeout, '--timeout');
  const json = argv.format === 'json';
  const file = eventsFile(ctx);
  if (!eventsEnabled(ctx) && !ctx.flags.quiet) ctx.log.warn("The event log is off; run 'berth events:on' to record dispatches");
  const lines = lastLines(file, num);
  if (json && !argv.tail) return void ctx.log.out(JSON.stringify(lines.map(parseEntry).filter((e) => e !== undefined)));
  for (const line of lines) show(ctx, line, json);
  if (!argv.tail) return;
  const { follow } = await import('./follow.js');
  await follow(file, {
    maxLines,
    timeoutSeconds,
    onReady: () => ctx.flags.quiet || ctx.stderr.write(`=====> Following ${file} (Ctrl-C to stop)\n`),
    onLine: (line) => show(ctx, line, json),
  });
}

/** Registry names, executables in enabled plugin dirs and TS triggers from manifests: whatever has a handler. */
function candidateTriggers(ctx: PluginContext): Set<string> {
  const names = new Set(Object.keys(triggerRegistry));
  let plugins: string[] = [];
  try {
    plugins = fs.readdirSync(ctx.paths.enabled).filter((p) => !p.startsWith('.'));
  } catch {
    return names;
  }
  for (const p of plugins) {
    const dir = path.join(ctx.paths.enabled, p);
    let files: string[] = [];
    try {
      files = fs.readdirSync(dir);
    } catch {
      continue;
    }
    // `commands` is Dokku's command entry and dotted names are helper scripts, not triggers.
    for (const f of files) if (f !== 'commands' && !f.includes('.') && validate.isValidTriggerName(f)) names.add(f);
    const manifest = fs.existsSync(path.join(dir, 'plugin.toml')) ? fs.readFileSync(path.join(dir, 'plugin.toml'), 'utf8') : '';
    for (const m of manifest.matchAll(/^\s*triggers\s*=\s*\[([^\]]*)\]/gm))
      for (const t of m[1].matchAll(/"([^"]+)"/g)) if (validate.isValidTriggerName(t[1])) names.add(t[1]);
  }
  return names;
}

export function listTriggers(ctx: PluginContext, argv: CommandArgs): void {
  const names = [...candidateTriggers(ctx)].filter((n) => ctx.triggers.implemented(n));
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (argv.format === 'json') return void ctx.log.out(JSON.stringify(names));
  ctx.log.info2('Events logged for these triggers (each has at least one handler)');
  for (const n of names) ctx.log.out(n);
}

export function setEnabled(ctx: PluginContext, on: boolean): void {
  ctx.props.set(GLOBAL, 'enabled', on ? 'true' : 'false');
  ctx.log.info1(on ? 'Event log enabled' : 'Event log disabled');
}
