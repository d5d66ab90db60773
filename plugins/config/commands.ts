import { errors, GLOBAL, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { clearConfig, parsePair, setConfig, unsetConfig } from './actions.js';
import { parseArgs, takeScope, type Parsed } from './args.js';
import { assertExportFormat, exportEnv, IMPORT_FORMATS, parseEnvText, parseJsonEnv, pretty, singleQuote } from './formats.js';
import { envOf } from './store.js';

type Run = (ctx: PluginContext, p: Parsed) => Promise<void | number>;

/** A raw command: exact flags only, `--help` answered here, the rest handed over parsed. */
function command(usage: string, flags: string[], run: Run): CommandDefinition {
  const full = `berth ${usage}`;
  return {
    usage: usage.slice(usage.indexOf(' ') + 1),
    raw: true,
    async handler(ctx, argv) {
      const p = parseArgs(argv._.map(String), [GLOBAL, ...flags], full);
      if (p.help) return void ctx.log.out(`Usage: ${full}`);
      return run(ctx, p);
    },
  };
}

function noExtra(p: Parsed, usage: string): void {
  if (p.positionals.length) throw errors.usage(`Unexpected argument '${p.positionals[0]}'`, `Usage: berth ${usage}`);
}

const SHOW = 'config:show (<app>|--global) [--merged]';
const show: Run = async (ctx, p) => {
  const scope = await takeScope(ctx, p);
  noExtra(p, SHOW);
  const lines = pretty(envOf(ctx, scope, p.flags.has('--merged')));
  ctx.log.info2(`${scope} env vars`);
  if (lines.length) ctx.log.out(lines.join('\n'));
};

const GET = 'config:get (<app>|--global) <key> [--quoted] [--merged]';
const SET = 'config:set [--encoded] [--no-restart] (<app>|--global) KEY1=VALUE1 [KEY2=VALUE2 ...]';
const UNSET = 'config:unset [--no-restart] (<app>|--global) KEY1 [KEY2 ...]';
const KEYS = 'config:keys (<app>|--global) [--merged]';
const EXPORT = 'config:export (<app>|--global) [--merged] [--format exports|env|envfile|shell|json|json-list|docker-args|docker-args-keys|pretty]';
const IMPORT = 'config:import [--no-restart] (<app>|--global) [--format env|json] < FILE';
const CLEAR = 'config:clear [--no-restart] (<app>|--global)';

export const commands: Record<string, CommandDefinition> = {
  config: command(SHOW.replace('config:show', 'config'), ['--merged'], show),
  'config:show': command(SHOW, ['--merged'], show),

  'config:get': command(GET, ['--quoted', '--merged'], async (ctx, p) => {
    const scope = await takeScope(ctx, p);
    const [key, ...extra] = p.positionals;
    if (!key || extra.length) throw errors.usage('Expected exactly one key', `Usage: berth ${GET}`);
    const value = envOf(ctx, scope, p.flags.has('--merged'))[key];
    if (value === undefined) return 1;
    ctx.stdout.write((p.flags.has('--quoted') ? singleQuote(value) : value) + '\n');
  }),

  'config:set': command(SET, ['--encoded', '--no-restart'], async (ctx, p) => {
    const scope = await takeScope(ctx, p);
    const pairs = p.positionals.map((a) => parsePair(a, p.flags.has('--encoded')));
    await setConfig(ctx, scope, pairs, { restart: !p.flags.has('--no-restart') });
  }),

  'config:unset': command(UNSET, ['--no-restart'], async (ctx, p) => {
    const scope = await takeScope(ctx, p);
    await unsetConfig(ctx, scope, p.positionals, { restart: !p.flags.has('--no-restart') });
  }),

  'config:keys': command(KEYS, ['--merged'], async (ctx, p) => {
    const scope = await takeScope(ctx, p);
    noExtra(p, KEYS);
    const keys = Object.keys(envOf(ctx, scope, p.flags.has('--merged')));
    if (keys.length) ctx.log.out(keys.join('\n'));
  }),

  'config:export': command(EXPORT, ['--merged', '--format'], async (ctx, p) => {
    const scope = await takeScope(ctx, p);
    noExtra(p, EXPORT);
    const text = exportEnv(envOf(ctx, scope, p.flags.has('--merged')), assertExportFormat(p.format ?? 'exports'));
    if (text) ctx.log.out(text);
  }),

  'config:import': command(IMPORT, ['--no-restart', '--format'], async (ctx, p) => {
    const scope = await takeScope(ctx, p);
    noExtra(p, IMPORT);
    const format = p.format ?? 'env';
    if (!(IMPORT_FORMATS as readonly string[]).includes(format))
      throw errors.invalidValue(`Invalid --format '${format}'`, `Valid formats: ${IMPORT_FORMATS.join(', ')}`);
    if (process.stdin.isTTY) throw errors.usage('config:import reads the config vars from stdin', `Usage: berth ${IMPORT}`);
    const text = await readStdin();
    const pairs = format === 'json' ? parseJsonEnv(text) : parseEnvText(text);
    if (!pairs.length) throw errors.usage('No config vars found on stdin', `Usage: berth ${IMPORT}`);
    await setConfig(ctx, scope, pairs, { restart: !p.flags.has('--no-restart') });
  }),

  'config:clear': command(CLEAR, ['--no-restart'], async (ctx, p) => {
    const scope = await takeScope(ctx, p);
    noExtra(p, CLEAR);
    await clearConfig(ctx, scope, { restart: !p.flags.has('--no-restart') });
  }),
};

/** Commands read the process stdin themselves (a stream: a pipe may not have data yet). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
