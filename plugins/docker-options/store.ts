import { dockerArgs, errors, type PluginContext } from '../../core/sdk.js';

export const PHASES = ['build', 'deploy', 'run'] as const;
export type Phase = (typeof PHASES)[number];

/** Options for every container of the app live under Dokku's `_default_.<phase>` list properties. */
const key = (phase: Phase) => `_default_.${phase}`;
/** Options that break isolation, kept apart so only root's explicit approval puts them there. */
const hostKey = (phase: Phase) => `_default_.${phase}.host-access`;

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

export function list(ctx: PluginContext, app: string, phase: Phase): string[] {
  return [...ctx.props.getList(app, key(phase)), ...ctx.props.getList(app, hostKey(phase))];
}

export function add(ctx: PluginContext, app: string, phase: Phase, line: string, hostAccess: boolean): void {
  const k = hostAccess ? hostKey(phase) : key(phase);
  ctx.props.setList(app, k, [...ctx.props.getList(app, k), line].sort());
}

/** Removes the option in any spelling that splits into the same words; true when something went. */
export function remove(ctx: PluginContext, app: string, phase: Phase, words: string[]): boolean {
  let removed = false;
  for (const k of [key(phase), hostKey(phase)]) {
    const before = ctx.props.getList(app, k);
    const after = before.filter((l) => !sameWords(l, words));
    if (after.length !== before.length) (removed = true), ctx.props.setList(app, k, after);
  }
  return removed;
}

export function clear(ctx: PluginContext, app: string, phase: Phase): void {
  ctx.props.delete(app, key(phase));
  ctx.props.delete(app, hostKey(phase));
}

function sameWords(line: string, words: string[]): boolean {
  try {
    const w = dockerArgs.parseDockerArgs(line).flatMap((o) => o.words);
    return w.length === words.length && w.every((x, i) => x === words[i]);
  } catch {
    return false;
  }
}
