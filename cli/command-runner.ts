import type { CommandTarget } from './commands.js';
import type { Engine } from '../core/engine.js';
import { errors } from '../core/errors.js';
import type { CommandArgs } from '../core/types.js';

/** Imports the plugin lazily, parses argv with yargs (help included) and runs the handler. */
export async function runTsCommand(engine: Engine, target: Extract<CommandTarget, { type: 'ts' }>, args: string[]): Promise<number> {
  const def = await engine.module(target.plugin);
  const cmd = def.commands?.[target.name];
  if (!cmd) throw errors.pluginLoad(target.plugin.name, `no handler for command '${target.name}'`);
  const ctx = engine.context(target.plugin);
  let argv: CommandArgs;
  if (cmd.raw) {
    argv = { _: args, $0: `berth ${target.name}` } as CommandArgs;
  } else {
    const { default: yargs } = await import('yargs');
    let y = yargs(args)
      .scriptName('berth')
      .usage(`Usage: berth ${target.name}${cmd.usage ? ' ' + cmd.usage : ''}\n\n${target.description}`)
      .help('help')
      .alias('help', 'h')
      .version(false)
      .parserConfiguration({ 'camel-case-expansion': true, 'dot-notation': false, 'parse-numbers': false, 'parse-positional-numbers': false })
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? errors.usage(msg);
      });
    if (cmd.builder) y = cmd.builder(y);
    let helpShown = false;
    argv = (await y.parseAsync(args, {}, (err: Error | undefined, _parsed: unknown, output: string) => {
      if (err) throw err;
      if (output) {
        helpShown = true;
        engine.stdout.write(output + '\n');
      }
    })) as CommandArgs;
    if (helpShown) return 0;
    argv._ = argv._.map(String);
  }
  const code = await cmd.handler(ctx, argv);
  return typeof code === 'number' ? code : 0;
}
