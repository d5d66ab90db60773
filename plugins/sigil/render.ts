import fs from 'node:fs';
import { sigilFuncs, type SigilContext } from './builtins.js';
import { execute, type FuncMap } from './exec.js';
import { goFuncs } from './funcs.js';
import type { Delims } from './lexer.js';
import { parse } from './parser.js';
import { expandPosix } from './posix.js';
import type { GoMap } from './values.js';

export interface RenderOptions {
  /** The template's name in error messages (a file's base name, `<stdin>`, `<inline>`). */
  name?: string;
  vars?: GoMap;
  /** The environment `var` reads and -p expands; variables given as strings are added to it, as sigil does. */
  env?: Record<string, string | undefined>;
  posix?: boolean;
  delims?: Delims;
  cwd?: string;
  /** Directories searched for relative names after the working directory. */
  templatePath?: string[];
  /** No `sh` or `httpget`: for templates that come from outside the host. */
  restricted?: boolean;
  readStdin?: () => string;
}

const VAR_REF = /\$([a-zA-Z_][a-zA-Z0-9_]*)/g;
export const DEFAULT_DELIMS: Delims = { left: '{{', right: '}}' };

/** sigil's delimiters: `SIGIL_DELIMS=left,right` overrides `{{` and `}}`. */
export function delimsFromEnv(env: Record<string, string | undefined>): Delims {
  const d = env.SIGIL_DELIMS?.split(',');
  return d && d.length >= 2 && d[0] && d[1] ? { left: d[0], right: d[1] } : DEFAULT_DELIMS;
}

/**
 * Renders template text as sigil does: each variable is the data's key and a predeclared `$NAME`;
 * every `$name` the text mentions but no one passed is declared as nil (so `$x | default "y"` works);
 * `\` at a line end between two actions joins them.
 */
export function renderTemplate(input: string, o: RenderOptions = {}): string {
  const vars: GoMap = { ...(o.vars ?? {}) };
  for (const m of input.matchAll(VAR_REF)) if (!(m[1]! in vars)) vars[m[1]!] = null;
  const env = { ...(o.env ?? {}) };
  for (const [k, v] of Object.entries(vars)) if (typeof v === 'string') env[k] = v;
  const delims = o.delims ?? DEFAULT_DELIMS;
  let text = o.posix ? expandPosix(input, env) : input;
  text = text.split(`\\${delims.right}\n${delims.left}`).join(`${delims.right}${delims.left}`);

  let stdinText: string | undefined;
  const ctx: SigilContext = {
    search: { cwd: o.cwd ?? process.cwd(), dirs: o.templatePath ?? [], confine: o.restricted ? (o.cwd ?? process.cwd()) : undefined },
    env,
    restricted: o.restricted ?? false,
    render: (nested, nestedVars, name) => renderTemplate(nested, { ...o, name, vars: nestedVars, env, posix: false, templatePath: ctx.search.dirs }),
    readStdin: () => {
      if (stdinText !== undefined) return '';
      stdinText = o.readStdin ? o.readStdin() : fs.readFileSync(0, 'utf8');
      return stdinText;
    },
  };
  const funcs: FuncMap = { ...goFuncs, ...sigilFuncs(ctx) };
  const name = o.name ?? '<inline>';
  const tree = parse(name, text, { funcs: new Set(Object.keys(funcs)), delims, vars: Object.keys(vars).map((k) => `$${k}`) });
  return execute(name, tree, vars, funcs, vars);
}
