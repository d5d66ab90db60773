import { errors } from '../core/errors.js';
import { splitShellWords } from './shell-words.js';
import { flagSpec, type Fragment, type HostPaths } from './docker-flags.js';

export type { Fragment, HostPaths } from './docker-flags.js';

/** One docker CLI option: its canonical long name (`--volume`), its value if it takes one, its words. */
export interface DockerOption {
  name: string;
  value?: string;
  words: string[];
}

/**
 * Docker CLI options as text (docker-options values, `docker-args-*` output) split into options.
 * Words are split as a POSIX shell would, without any expansion; each option starts at a word that
 * begins with `-`. Unknown options and missing values are errors naming the option.
 */
export function parseDockerArgs(text: string): DockerOption[] {
  const words = splitShellWords(text);
  const out: DockerOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-') throw errors.invalidValue(`Unexpected '${word}' in docker options: every option must start with '-'`);
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word.startsWith('--') || word.length === 2 ? word : word.slice(0, 2);
    const inline = eq > 0 ? word.slice(eq + 1) : flag !== word ? word.slice(2) : undefined;
    const spec = flagSpec(flag);
    if (!spec) throw errors.invalidValue(`Unsupported docker option '${flag}'`, 'See docker-options:help for the options berth applies');
    if (!spec.takesValue) {
      if (inline !== undefined && !/^(true|false)$/.test(inline)) throw errors.invalidValue(`Option '${flag}' takes no value (got '${inline}')`);
      out.push({ name: spec.name, ...(inline !== undefined ? { value: inline } : {}), words: [word] });
      continue;
    }
    let value = inline;
    const used = [word];
    if (value === undefined) {
      const next = words[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw errors.invalidValue(`Option '${flag}' needs a value`);
      value = next;
      used.push(next);
      i++;
    }
    out.push({ name: spec.name, value, words: used });
  }
  return out;
}

/** A `docker-args-*` trigger's answer as options (never evaluated); a bad answer names the trigger. */
export function fromTrigger(trigger: string, text: string): DockerOption[] {
  try {
    return parseDockerArgs(text);
  } catch (err) {
    throw errors.invalidValue(`${trigger} answered docker options berth cannot apply: ${(err as Error).message}`, (err as { hint?: string }).hint);
  }
}

/** Why an option would let a container reach past its isolation, or undefined when it would not. */
export function hostAccess(o: DockerOption, host: HostPaths = {}): string | undefined {
  return flagSpec(o.name)?.hostAccess?.(o.value ?? '', host);
}

/** Every option checked: values parse (sizes, policies, mounts), nothing is applied. */
export function assertValid(options: DockerOption[]): void {
  toFragment(options);
}

/**
 * The options as Docker Engine API create fields (top level, HostConfig, build parameters). Options
 * that belong to another kind of container (`--build-arg` outside a build) are left out.
 */
export function toFragment(options: DockerOption[], env: NodeJS.ProcessEnv = {}): Fragment {
  const f: Fragment = { config: {}, host: {}, build: {} };
  for (const o of options) flagSpec(o.name)!.apply(f, o.value ?? '', env);
  return f;
}

type Obj = Record<string, unknown>;

/**
 * Create options with a fragment laid over them: lists are appended, maps merged with the base
 * winning (berth's own labels stay), other values replaced by the option's.
 */
export function mergeCreateOptions<T extends Obj>(base: T, f: Fragment): T {
  const out: Obj = { ...base, HostConfig: mergeObj((base.HostConfig as Obj) ?? {}, f.host) };
  Object.assign(out, mergeObj(out, f.config));
  return out as T;
}

function mergeObj(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (Array.isArray(b) && Array.isArray(v)) out[k] = [...b, ...v];
    else if (isObj(b) && isObj(v)) out[k] = { ...v, ...b };
    else out[k] = v;
  }
  return out;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Words as one stored line that splits back into the same words (single quotes where needed). */
export function joinWords(words: string[]): string {
  return words.map((w) => (w !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
