import { commandsFiles, shellSubcommandNames, subcommandTarget, tsCommands, type CommandTarget } from './commands.js';
import type { Engine } from '../core/engine.js';
import { errors } from '../core/errors.js';
import { runTsCommand } from './command-runner.js';
import { printHelp } from './help.js';
import { runShell } from '../core/shell-runner.js';
import { suggest } from './suggest.js';
import { berthVersion } from '../core/version.js';

export const NOT_IMPLEMENTED_EXIT = 10;

export interface RouteOptions {
  /** The name the entry point was invoked by: `dokku` answers unknown commands in Dokku's words. */
  invokedAs?: string;
}

/**
 * `berth NS:SUB args…`: TS commands from manifests, then Dokku's rules for shell plugins —
 * `subcommands/default`, `subcommands/<cmd>`, `<prefix>/subcommands/<sub>`, then every `commands` file.
 */
export async function route(engine: Engine, argv: string[], o: RouteOptions = {}): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    await printHelp(engine, { all: rest[0] === '--all', invokedAs: o.invokedAs });
    return 0;
  }
  if (command === 'version' || command === '--version' || command === '-v') {
    engine.stdout.write(`berth ${berthVersion()}\n`);
    return 0;
  }
  const ns = command.endsWith(':help') ? command.slice(0, -5) : command;
  const wantsHelp = command.endsWith(':help') || (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h') && !findTarget(engine, command));
  // A namespace of TS commands has generated help; a shell plugin prints its own.
  if (wantsHelp && (await printHelp(engine, { namespace: ns, invokedAs: o.invokedAs }))) return 0;
  const ts = tsCommands(engine).get(command);
  // Only TS (built-in style) commands get `--app X` put back after the command, as Dokku does for core plugins.
  if (ts?.type === 'ts') return runTsCommand(engine, ts, engine.flags.app && !rest.includes(engine.flags.app) ? [engine.flags.app, ...rest] : rest);
  const shell = subcommandTarget(engine, command);
  if (shell?.type === 'subcommand') return runShellCommand(engine, shell.file, argv);
  // Every `commands` file hears the command: 10 is "not mine", another failure ends the loop, and a
  // handler that answered does not stop the others.
  let handled = false;
  for (const { file } of commandsFiles(engine)) {
    const code = await runShellCommand(engine, file, argv);
    if (code === NOT_IMPLEMENTED_EXIT) continue;
    handled = true;
    if (code !== 0) return code;
  }
  if (handled) return 0;
  // `docker-options`, `storage`…: a bare namespace of TS commands shows its commands, as Dokku's plugins do
  if (!command.includes(':') && (await printHelp(engine, { namespace: command, invokedAs: o.invokedAs }))) return 0;
  if (o.invokedAs === 'dokku') throw errors.notADokkuCommand(argv);
  const known = [...tsCommands(engine).keys(), ...shellSubcommandNames(engine), 'help', 'version'];
  throw errors.unknownCommand(command, suggest(command, known));
}

export function findTarget(engine: Engine, command: string): CommandTarget | undefined {
  return tsCommands(engine).get(command) ?? subcommandTarget(engine, command);
}

async function runShellCommand(engine: Engine, file: string, argv: string[]): Promise<number> {
  const r = await runShell({ file, args: argv, env: engine.baseEnv(), stdin: 'inherit', capture: false });
  return r.exit;
}
