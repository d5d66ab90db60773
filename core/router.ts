import { commandsFiles, shellSubcommandNames, subcommandTarget, tsCommands, type CommandTarget } from './commands.js';
import type { Engine } from './engine.js';
import { errors } from './errors.js';
import { runTsCommand } from './command-runner.js';
import { printHelp } from './help.js';
import { runShell } from './shell-runner.js';
import { suggest } from './suggest.js';
import { berthVersion } from './version.js';

export const NOT_IMPLEMENTED_EXIT = 10;

/** `berth NS:SUB args…`: TS commands from manifests, then shell subcommands, then `commands` files. */
export async function route(engine: Engine, argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    await printHelp(engine, rest[0] === '--all' ? undefined : rest[0]);
    return 0;
  }
  if (command === 'version' || command === '--version' || command === '-v') {
    engine.stdout.write(`berth ${berthVersion()}\n`);
    return 0;
  }
  const args = engine.flags.app && !rest.includes(engine.flags.app) ? [engine.flags.app, ...rest] : rest;
  const ns = command.endsWith(':help') ? command.slice(0, -5) : command;
  if (command.endsWith(':help') || (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h') && !findTarget(engine, command))) {
    if (await printHelp(engine, ns)) return 0;
  }
  const target = findTarget(engine, command);
  if (target?.type === 'ts') return runTsCommand(engine, target, args);
  if (target?.type === 'subcommand') return runShellCommand(engine, target.file, [command, ...args]);
  for (const { file } of commandsFiles(engine)) {
    const code = await runShellCommand(engine, file, [command, ...args]);
    if (code !== NOT_IMPLEMENTED_EXIT) return code;
  }
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
