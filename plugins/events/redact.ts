import type { DispatchRecord } from '../../sdk/index.js';

export const REDACTED = '[REDACTED]';
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_.-]*)=/;
/** Registry argument names of config triggers that never carry a config value. */
const SAFE_CONFIG_ARGS = new Set(['APP', 'ACTION', 'GLOBAL', 'MERGED', 'FORMAT', 'KEY', '...KEYS']);

export function isConfigTrigger(trigger: string): boolean {
  return trigger.startsWith('config-') || trigger === 'post-config-update';
}

function redactAssignment(arg: string): string | undefined {
  const m = ASSIGNMENT.exec(arg);
  return m ? `${m[1]}=${REDACTED}` : undefined;
}

/** The registry name of argument i (`APP`, `KEY?` → `KEY`, or the rest name `...ARGS`). */
function nameAt(names: readonly string[], i: number): string | undefined {
  const last = names[names.length - 1];
  if (last?.startsWith('...') && i >= names.length - 1) return last;
  return names[i]?.replace(/\?$/, '');
}

/**
 * Arguments as they may be written to the log. Every KEY=VALUE loses its value. Config triggers keep
 * only flags, the app and key names; any other argument of theirs is redacted.
 */
export function redactArgs(trigger: string, args: readonly string[], argNames: readonly string[] = ['...ARGS']): string[] {
  if (!isConfigTrigger(trigger)) return args.map((a) => redactAssignment(a) ?? a);
  let appKept = false;
  return args.map((a, i) => {
    const assignment = redactAssignment(a);
    if (assignment) return assignment;
    const name = nameAt(argNames, i);
    if (name && SAFE_CONFIG_ARGS.has(name)) return a;
    if (name === '...ARGS') {
      if (a.startsWith('--')) return a;
      if (!appKept) return (appKept = true), a;
    }
    return REDACTED;
  });
}

/** The app a dispatch was about: the engine finds APP by registry position; config-set/unset take it after flags. */
export function appOf(record: DispatchRecord): string | undefined {
  if (record.app !== undefined) return record.app;
  if (isConfigTrigger(record.trigger)) return record.args.find((a) => !a.startsWith('--') && !ASSIGNMENT.test(a));
  return undefined;
}
