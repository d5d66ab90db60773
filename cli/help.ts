import fs from 'node:fs';
import path from 'node:path';
import { builtinPluginsDir } from '../core/builtins.js';
import { commandsFiles, tsCommands } from './commands.js';
import type { Engine } from '../core/engine.js';

export interface HelpOptions {
  /** `NS:help`: only this namespace's generated help (false when it has no TS commands). */
  namespace?: string;
  /** `help --all`: plugins print their full help, core lines are not shortened. */
  all?: boolean;
  invokedAs?: string;
}

/**
 * `help`: the banner, built-in commands, then each shell plugin's `commands help` — core ones shortened
 * as Dokku does, community ones under "Community plugin commands:" — in Dokku's comma columns.
 */
const KEPT_COMMA = '\u0001';

export async function printHelp(engine: Engine, o: HelpOptions = {}): Promise<boolean> {
  const me = o.invokedAs === 'dokku' ? 'dokku' : 'berth';
  const rows = [...tsCommands(engine).values()]
    .filter((c) => !o.namespace || c.name === o.namespace || c.name.startsWith(o.namespace + ':'))
    // a comma inside a description is text, not a column break
    .map((c) => `    ${c.name}, ${(c.type === 'ts' ? c.description : '').replace(/,/g, KEPT_COMMA)}`)
    .sort(byteOrder);
  if (o.namespace !== undefined) {
    if (!rows.length) return false;
    // Dokku's NS:help names what the namespace is for, under the usage line
    const about = engine.plugin(o.namespace)?.manifest.description;
    const head = [`Usage: ${me} ${o.namespace}[:COMMAND] <app> [options]`, '', ...(about ? [about, ''] : [])];
    engine.stdout.write([...head, 'Commands:', ...columns(rows), ''].join('\n').replaceAll(KEPT_COMMA, ','));
    return true;
  }
  const core: string[] = [];
  const community: string[] = [];
  for (const { file } of commandsFiles(engine)) {
    // Spawned directly by this process, whose argv holds `--all` when asked: plugins look at their parent's.
    const { execa } = await import('execa');
    const r = await execa(file, ['help'], { env: engine.baseEnv(), reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) continue;
    (isCore(file) ? core : community).push(...r.stdout.split('\n'));
  }
  const shortCore = o.all ? core : shorten(core.sort(byteOrder));
  const quiet = engine.flags.quiet;
  const out: string[] = [];
  if (!quiet)
    out.push(
      o.invokedAs === 'dokku' ? 'Usage: dokku [--quiet|--trace|--force] COMMAND <app> [command-specific-options]' : 'Usage: berth [--quiet|--trace|--force] [--app APP] COMMAND <app> [command-specific-options]',
      '',
      `Primary help options, type "${me} COMMAND:help" for more details, or ${me} help --all to see all commands.`,
      '',
      'Commands:',
      '',
    );
  out.push(...columns([...rows, ...shortCore].sort(byteOrder)));
  if (community.some((l) => l.trim() !== '')) {
    if (!quiet) out.push('', 'Community plugin commands:', '');
    out.push(...columns(community.sort(byteOrder)));
  }
  engine.stdout.write(out.join('\n').replaceAll(KEPT_COMMA, ',') + '\n');
  return true;
}

/** Dokku's short help: lines naming a subcommand (`x:y`) dropped, argument placeholders cut. */
export function shorten(lines: string[]): string[] {
  return lines.filter((l) => !l.includes(':')).map((l) => l.replace(/\s[[<\-(].*,/, ','));
}

/** `column -t -s,`: blank lines dropped, every comma a column break, columns padded and joined by two spaces. */
export function columns(lines: string[]): string[] {
  const cells = lines.filter((l) => l.trim() !== '').map((l) => l.split(','));
  const widths: number[] = [];
  for (const row of cells) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return cells.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').replace(/\s+$/, ''));
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Shipped with berth (Dokku: resolved path under core-plugins), as opposed to a community plugin. */
function isCore(file: string): boolean {
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    return false;
  }
  return real.startsWith(builtinPluginsDir() + path.sep) || real.includes(`${path.sep}core-plugins${path.sep}`);
}
