import { dockerArgs, errors, type PluginContext } from '../../sdk/index.js';

export const PHASES = ['build', 'deploy', 'run'] as const;
export type Phase = (typeof PHASES)[number];

/** The scope of options for every container of the app; a process type's own deploy options use its name. */
export const DEFAULT_SCOPE = '_default_';

/** Options live under Dokku's `<scope>.<phase>` list properties (`_default_.deploy`, `web.deploy`). */
const key = (phase: Phase, proc = DEFAULT_SCOPE) => `${proc}.${phase}`;
/** Options that break isolation, kept apart so only root's explicit approval puts them there. */
const hostKey = (phase: Phase, proc = DEFAULT_SCOPE) => `${proc}.${phase}.host-access`;

/** Process types with deploy options of their own, sorted. */
export function processesWithOptions(ctx: PluginContext, app: string): string[] {
  const procs = ctx.props.keys(app).map((k) => /^(.+)\.deploy(?:\.host-access)?$/.exec(k)?.[1]).filter((p): p is string => !!p && p !== DEFAULT_SCOPE);
  return [...new Set(procs)].sort();
}

/** `build,deploy` → phases; empty means none given. Dokku's message for anything else. */
export function parsePhases(arg: string | undefined): Phase[] {
  if (!arg) return [];
  const list = arg.split(',');
  if (list.some((p) => !(PHASES as readonly string[]).includes(p))) throw errors.usage(`Phase(s) must be one of [${PHASES.join(' ')}]`);
  return [...new Set(list)] as Phase[];
}

/** One stored line per option, in the form that splits back into the same words. */
export function canonical(text: string): { line: string; option: dockerArgs.DockerOption }[] {
  return dockerArgs.parseDockerArgs(text).map((option) => ({ line: dockerArgs.joinWords(option.words), option }));
}

export function list(ctx: PluginContext, app: string, phase: Phase, proc = DEFAULT_SCOPE): string[] {
  return [...ctx.props.getList(app, key(phase, proc)), ...ctx.props.getList(app, hostKey(phase, proc))];
}

export function add(ctx: PluginContext, app: string, phase: Phase, line: string, hostAccess: boolean, proc = DEFAULT_SCOPE): void {
  const k = hostAccess ? hostKey(phase, proc) : key(phase, proc);
  ctx.props.setList(app, k, [...ctx.props.getList(app, k), line].sort());
}

/** Removes the option in any spelling that splits into the same words; true when something went. */
export function remove(ctx: PluginContext, app: string, phase: Phase, words: string[], proc = DEFAULT_SCOPE): boolean {
  let removed = false;
  for (const k of [key(phase, proc), hostKey(phase, proc)]) {
    const before = ctx.props.getList(app, k);
    const after = before.filter((l) => !sameWords(l, words));
    if (after.length !== before.length) (removed = true), ctx.props.setList(app, k, after);
  }
  return removed;
}

export function clear(ctx: PluginContext, app: string, phase: Phase, proc = DEFAULT_SCOPE): void {
  ctx.props.delete(app, key(phase, proc));
  ctx.props.delete(app, hostKey(phase, proc));
}

function sameWords(line: string, words: string[]): boolean {
  try {
    const w = dockerArgs.parseDockerArgs(line).flatMap((o) => o.words);
    return w.length === words.length && w.every((x, i) => x === words[i]);
  } catch {
    return false;
  }
}
