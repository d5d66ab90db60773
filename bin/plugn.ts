import fs from 'node:fs';
import path from 'node:path';
import { pluginPathsFrom, resolvePaths } from '../core/paths.js';
import { berthVersion } from '../core/version.js';
import { exitCodeFor } from './exit-codes.js';
import { configVerbs, verbs, type Io, type Verb } from './plugn-verbs.js';

/** Verbs are looked up by exact name in a fixed table (plugn matched them as a regex). */
const TOP: Record<string, Verb> = verbs;

function listing(io: Io, table: Record<string, Verb>): void {
  io.out('Available commands:\n');
  for (const name of Object.keys(table).sort()) io.out(`  ${name.padEnd(28)} ${table[name].desc}\n`);
  io.out('\n');
}

function unknown(io: Io, verb: string, table: Record<string, Verb>): number {
  io.out(`No such command: ${verb}\n\n`);
  listing(io, table);
  return 2;
}

/** `.plugn` in the cwd overrides PLUGIN_PATH: its trimmed contents made absolute; empty means the cwd. */
function pluginPathFrom(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const file = path.join(cwd, '.plugn');
  try {
    if (fs.statSync(file).isFile()) return path.resolve(cwd, fs.readFileSync(file, 'utf8').trim());
  } catch {
    // no .plugn: PLUGIN_PATH decides
  }
  return env.PLUGIN_PATH ? path.resolve(cwd, env.PLUGIN_PATH) : undefined;
}

function help(io: Io, names: string[]): number {
  for (const name of names) {
    const v = Object.prototype.hasOwnProperty.call(TOP, name) ? TOP[name] : undefined;
    if (!v) return unknown(io, name, TOP);
    io.out(`${name} ${v.args.map((a) => `<${a}> `).join('')}\n`);
    io.out(`  ${v.desc}\n\n`);
  }
  return 0;
}

/** `plugn VERB args…` with plugn's outputs and exit codes; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  // A closed pipe (`plugn list | head`) ends the run quietly, as plugn reports a broken pipe with exit 1.
  process.stdout.once('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 1 : 2));
  const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
  const [verb, ...rest] = argv;
  if (verb === 'version' || verb === '--version' || verb === '-v') {
    io.out(`plugn: ${berthVersion()}\n`);
    return 0;
  }
  const pluginPath = pluginPathFrom(env, cwd);
  if (!pluginPath) {
    io.out('!! PLUGIN_PATH is not set in environment\n');
    return 2;
  }
  const base = resolvePaths(env);
  const paths = pluginPathsFrom(pluginPath, { root: base.root, libRoot: base.libRoot, logsDir: base.logsDir });
  try {
    if (verb === undefined || (verb === 'help' && rest.length === 0)) {
      io.out('\n');
      listing(io, TOP);
      return 0;
    }
    if (verb === 'help') return help(io, rest);
    if (verb === 'config') {
      const [sub, ...args] = rest;
      if (sub === undefined) {
        io.out(`${TOP.config.desc}\n\n`);
        listing(io, configVerbs);
        return 0;
      }
      if (!Object.prototype.hasOwnProperty.call(configVerbs, sub)) return unknown(io, sub, configVerbs);
      return await configVerbs[sub].run({ paths, env, io, args });
    }
    if (!Object.prototype.hasOwnProperty.call(TOP, verb)) return unknown(io, verb, TOP);
    return await TOP[verb].run({ paths, env, io, args: rest });
  } catch (err) {
    return exitCodeFor(err, { write: io.err }, { plain: true, triggerFailures: true });
  }
}
