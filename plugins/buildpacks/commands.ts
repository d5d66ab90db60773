import { GLOBAL, errors, reportCommand, verifyApp, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { addAt, assertBuildpackUrl, parseIndex, removeAt, removeUrl, setAt } from './list.js';
import { STACK_KEY, assertImageRef, reportRows } from './properties.js';

const KEY = 'buildpacks';

interface Parsed {
  positionals: string[];
  index?: string;
  format?: string;
}

/** Raw argv: `--index N` / `--index=N` and `--format F` anywhere; `--global` stays a positional (the scope). */
function parse(args: (string | number)[], usage: string): Parsed {
  const out: Parsed = { positionals: [] };
  const list = args.map(String);
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const m = /^--(index|format)(?:=(.*))?$/.exec(a);
    if (m) {
      const value = m[2] ?? list[++i];
      if (value === undefined) throw errors.usage(`--${m[1]} needs a value`, usage);
      out[m[1] as 'index' | 'format'] = value;
    } else if (a.startsWith('--') && a !== GLOBAL) throw errors.usage(`Unknown flag ${a}`, usage);
    else out.positionals.push(a);
  }
  return out;
}

async function scopeOf(ctx: PluginContext, target: string | undefined): Promise<string> {
  if (target === GLOBAL) return GLOBAL;
  return verifyApp(ctx, target);
}

const label = (scope: string) => (scope === GLOBAL ? 'the default buildpacks' : `${scope} buildpacks`);

/** Every list edit goes through here: one atomic property write, and a message. */
async function edit(
  ctx: PluginContext,
  argv: CommandArgs,
  usage: string,
  change: (list: string[], p: Parsed, remote: boolean) => { next: string[]; message: string },
): Promise<void> {
  const p = parse(argv._, usage);
  const scope = await scopeOf(ctx, p.positionals[0]);
  const remote = Boolean(ctx.actor.fingerprint || ctx.env.SSH_CONNECTION);
  const { next, message } = change(ctx.props.getList(scope, KEY), p, remote);
  ctx.props.setList(scope, KEY, next);
  ctx.log.info1(message);
}

export const commands: Record<string, CommandDefinition> = {
  'buildpacks:add': {
    usage: '[--index N] <app>|--global <url>',
    raw: true,
    handler: (ctx, argv) =>
      edit(ctx, argv, 'berth buildpacks:add [--index N] APP|--global URL', (list, p, remote) => {
        if (p.positionals.length !== 2) throw errors.usage('Usage: berth buildpacks:add [--index N] APP|--global URL');
        const url = assertBuildpackUrl(p.positionals[1], remote);
        const next = addAt(list, url, parseIndex(p.index, list.length + 1));
        return { next, message: `Added ${url} to ${label(p.positionals[0])} at position ${next.indexOf(url) + 1}` };
      }),
  },

  'buildpacks:set': {
    usage: '[--index N] <app>|--global <url>',
    raw: true,
    handler: (ctx, argv) =>
      edit(ctx, argv, 'berth buildpacks:set [--index N] APP|--global URL', (list, p, remote) => {
        if (p.positionals.length !== 2) throw errors.usage('Usage: berth buildpacks:set [--index N] APP|--global URL');
        const url = assertBuildpackUrl(p.positionals[1], remote);
        const index = parseIndex(p.index, list.length + 1) ?? 1;
        return { next: setAt(list, url, index), message: `Set buildpack ${index} of ${label(p.positionals[0])} to ${url}` };
      }),
  },

  'buildpacks:remove': {
    usage: '<app>|--global <url> | <app>|--global --index N',
    raw: true,
    handler: (ctx, argv) =>
      edit(ctx, argv, 'berth buildpacks:remove APP|--global URL (or --index N)', (list, p) => {
        const [target, url] = p.positionals;
        if (p.positionals.length !== (p.index === undefined ? 2 : 1))
          throw errors.usage('Usage: berth buildpacks:remove APP|--global URL, or berth buildpacks:remove APP|--global --index N');
        if (p.index !== undefined) {
          const index = parseIndex(p.index, list.length);
          if (index === undefined || !list.length) throw errors.notFound(`${label(target)}: the list is empty`);
          return { next: removeAt(list, index), message: `Removed ${list[index - 1]} from ${label(target)}` };
        }
        return { next: removeUrl(list, url), message: `Removed ${url} from ${label(target)}` };
      }),
  },

  'buildpacks:clear': {
    usage: '<app>|--global',
    raw: true,
    handler: (ctx, argv) =>
      edit(ctx, argv, 'berth buildpacks:clear APP|--global', (_list, p) => {
        if (p.positionals.length !== 1) throw errors.usage('Usage: berth buildpacks:clear APP|--global');
        return { next: [], message: `Cleared ${label(p.positionals[0])}` };
      }),
  },

  'buildpacks:list': {
    usage: '<app>|--global [--format json]',
    raw: true,
    async handler(ctx, argv) {
      const p = parse(argv._, 'berth buildpacks:list APP|--global [--format json]');
      if (p.positionals.length !== 1) throw errors.usage('Usage: berth buildpacks:list APP|--global [--format json]');
      const scope = await scopeOf(ctx, p.positionals[0]);
      const list = ctx.props.getList(scope, KEY);
      if (p.format === 'json') return void ctx.log.out(JSON.stringify(list));
      if (p.format !== undefined && p.format !== 'stdout') throw errors.usage(`Invalid --format value '${p.format}': use json or stdout`);
      ctx.log.info2(`${scope === GLOBAL ? 'Default' : scope} buildpack urls`);
      for (const url of list) ctx.log.out(url);
    },
  },

  'buildpacks:set-property': {
    usage: '<app>|--global stack [image]',
    raw: true,
    async handler(ctx, argv) {
      const [target, key, value = '', ...extra] = argv._.map(String);
      if (!target || !key || extra.length) throw errors.usage('Usage: berth buildpacks:set-property APP|--global stack [IMAGE]');
      const scope = await scopeOf(ctx, target);
      if (key !== STACK_KEY) throw errors.invalidValue(`Invalid property specified, valid properties include: ${STACK_KEY}`);
      if (value !== '') assertImageRef(value);
      ctx.props.set(scope, key, value);
      ctx.log.info1(value === '' ? `Unsetting ${key}` : `Setting ${key} to ${value}`);
      if (scope !== GLOBAL) await ctx.triggers.notify('post-stack-set', scope, value);
    },
  },

  'buildpacks:report': reportCommand('buildpacks', reportRows),
};
