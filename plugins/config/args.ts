import { errors, GLOBAL, verifyApp, type PluginContext } from '../../sdk/index.js';

export interface Parsed {
  flags: Set<string>;
  format?: string;
  positionals: string[];
  help: boolean;
}

/**
 * Config commands take their argv raw: a value such as `-x`, `--` or `true` must reach the store
 * exactly as typed, so only exact known flags are flags and everything else is positional.
 */
export function parseArgs(args: readonly string[], known: readonly string[], usage: string): Parsed {
  const out: Parsed = { flags: new Set(), positionals: [], help: false };
  let rest = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (rest || !a.startsWith('-') || a === '-') out.positionals.push(a);
    else if (a === '--') rest = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (known.includes('--format') && a === '--format') {
      if (i + 1 >= args.length) throw errors.usage('--format needs a value', `Usage: ${usage}`);
      out.format = args[++i]!;
    } else if (known.includes('--format') && a.startsWith('--format=')) out.format = a.slice('--format='.length);
    else if (known.includes(a)) out.flags.add(a);
    else throw errors.usage(`Unknown flag '${a}'`, `Usage: ${usage}`);
  }
  return out;
}

/** `APP` or `--global` (as a flag anywhere, or in the app's place): the property scope. */
export async function takeScope(ctx: PluginContext, p: Parsed): Promise<string> {
  if (p.flags.has(GLOBAL)) return GLOBAL;
  const app = p.positionals.shift();
  if (!app) throw errors.usage('Please specify an app to run the command on', 'Use --global for the global environment');
  return verifyApp(ctx, app);
}
