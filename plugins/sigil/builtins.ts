import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { arity, list, str } from './args.js';
import type { FuncMap } from './exec.js';
import { listDir, lookPath, readSource, type SearchPath } from './files.js';
import { shellSplit } from './shlex.js';
import { fromJson, pointer, toJson } from './structured.js';
import { asText, Float, isMap, Stream, type GoMap, type Value } from './values.js';

/** What sigil's functions see besides their arguments. */
export interface SigilContext {
  search: SearchPath;
  env: Record<string, string | undefined>;
  /** Templates from outside the host (an app's nginx.conf.sigil) may not run commands or fetch URLs. */
  restricted: boolean;
  /** Renders nested template text with its own variables (include, render). */
  render(text: string, vars: GoMap, name: string): string;
  readStdin(): string;
}

function text(name: string, v: Value): string {
  const s = asText(v);
  if (s === undefined) throw new Error(`${name} must be given a string`);
  return s;
}

/** strings.Title: the first letter of every word upper-cased. */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** path.Match as a regular expression: `*` and `?` stop at `/`, classes with `^` negation, `\` escapes. */
export function globMatch(pattern: string, s: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) throw new Error('syntax error in pattern');
      re += `\\${pattern[++i]}`;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new Error('syntax error in pattern');
      const body = pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's').test(s);
}

function isZero(v: Value): boolean {
  if (Array.isArray(v) || isMap(v)) throw new Error(`runtime error: comparing uncomparable type ${Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}'}`);
  return v === null || v === undefined || v === '' || v === 0 || v === false || (v instanceof Float && v.v === 0);
}

function varsFrom(args: Value[]): GoMap {
  const vars: GoMap = {};
  for (const a of args) {
    if (isMap(a)) Object.assign(vars, a);
    else if (typeof a === 'string' && a.includes('=')) vars[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
  }
  return vars;
}

function external(ctx: SigilContext, name: string): void {
  if (ctx.restricted) throw new Error(`${name} is not allowed in this template`);
}

/** sigil's own functions (its builtin package), over the template's context. */
export function sigilFuncs(ctx: SigilContext): FuncMap {
  const f = (fn: (...a: Value[]) => Value) => ({ fn });
  const fixed = (name: string, n: number, fn: (...a: Value[]) => Value) => f((...a) => (arity(name, a, n), fn(...a)));
  return {
    include: f((...a) => {
      arity('include', a, 1, true);
      const file = lookPath(ctx.search, str(a[0]));
      const data = fs.readFileSync(file, 'utf8');
      ctx.search.dirs.unshift(path.dirname(file));
      try {
        return ctx.render(data, varsFrom(a.slice(1)), path.basename(file));
      } finally {
        ctx.search.dirs.shift();
      }
    }),
    render: f((...a) => {
      if (!a.length) throw new Error('render cannot be used without arguments');
      const input = a[a.length - 1];
      if (typeof input !== 'string') throw new Error('render must be given a string');
      return ctx.render(input, varsFrom(a.slice(0, -1)), '<render>');
    }),
    default: fixed('default', 2, (value, input) => (isZero(input) ? value : input)),
    var: fixed('var', 1, (name) => ctx.env[str(name)] ?? ''),
    capitalize: fixed('capitalize', 1, (v) => title(text('capitalize', v))),
    lower: fixed('lower', 1, (v) => text('lower', v).toLowerCase()),
    upper: fixed('upper', 1, (v) => text('upper', v).toUpperCase()),
    replace: fixed('replace', 3, (o, n, v) => text('replace', v).split(str(o)).join(str(n))),
    trim: fixed('trim', 1, (v) => text('trim', v).replace(/^[ \n]+|[ \n]+$/g, '')),
    indent: fixed('indent', 2, (ind, v) => {
      const lines = text('indent', v).split('\n');
      return [lines[0], ...lines.slice(1).map((l) => (l ? str(ind) + l : l))].join('\n');
    }),
    match: fixed('match', 2, (p, v) => globMatch(str(p), text('match', v))),
    stdin: fixed('stdin', 0, () => new Stream(ctx.readStdin(), '<stdin>')),
    substr: fixed('substr', 2, (sl, v) => {
      const s = Buffer.from(text('substr', v), 'utf8');
      const parts = str(sl).split(':');
      if (parts.length < 2) throw new Error('runtime error: index out of range [1] with length 1');
      const start = /^-?\d+$/.test(parts[0]!) ? Number(parts[0]) : 0;
      if (!/^-?\d+$/.test(parts[1]!)) throw new Error("substr needs slice expression as 'start:end' ");
      const end = Number(parts[1]);
      if (start < 0 || end > s.length || start > end) throw new Error(`runtime error: slice bounds out of range [${start}:${end}]`);
      return s.subarray(start, end).toString('utf8');
    }),
    base64enc: fixed('base64enc', 1, (v) => Buffer.from(readSource(ctx.search, v), 'utf8').toString('base64')),
    base64dec: fixed('base64dec', 1, (v) => {
      const s = readSource(ctx.search, v);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4) throw new Error('illegal base64 data at input byte 0');
      return Buffer.from(s, 'base64').toString('utf8');
    }),
    file: fixed('file', 1, (v) => readSource(ctx.search, v)),
    text: fixed('text', 1, (v) => readSource(ctx.search, v)),
    exists: fixed('exists', 1, (v) => {
      const name = asText(v);
      if (name === undefined) throw new Error('exists must be given a string');
      try {
        lookPath(ctx.search, name);
        return true;
      } catch {
        return false;
      }
    }),
    dir: fixed('dir', 1, (v) => listDir(ctx.search, text('dir', v), () => true)),
    dirs: fixed('dirs', 1, (v) => listDir(ctx.search, text('dirs', v), (e) => e.isDirectory())),
    files: fixed('files', 1, (v) => listDir(ctx.search, text('files', v), (e) => !e.isDirectory())),
    sh: fixed('sh', 1, (v) => {
      external(ctx, 'sh');
      const [cmd, ...rest] = shellSplit(text('sh', v));
      if (!cmd) throw new Error('sh must be given a command');
      try {
        return execFileSync(cmd, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: ctx.env as NodeJS.ProcessEnv });
      } catch (err) {
        const e = err as NodeJS.ErrnoException & { status?: number };
        throw new Error(e.code === 'ENOENT' ? `exec: "${cmd}": executable file not found in $PATH` : `exit status ${e.status ?? 1}`);
      }
    }),
    httpget: fixed('httpget', 1, (v) => {
      external(ctx, 'httpget');
      const url = text('httpget', v);
      const script = 'fetch(process.argv[1]).then(async r=>process.stdout.write(await r.text()),e=>{process.stderr.write(String(e.cause?.message??e.message));process.exit(1)})';
      const r = spawnSync(process.execPath, ['-e', script, url], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0) throw new Error(`Get "${url}": ${r.stderr.trim() || 'request failed'}`);
      return new Stream(r.stdout, `<${url}>`);
    }),
    pointer: fixed('pointer', 2, (p, v) => {
      if (!isMap(v)) throw new Error('pointer needs a map type');
      return pointer(str(p), v);
    }),
    json: fixed('json', 1, (v) => fromJson(readSource(ctx.search, v))),
    tojson: fixed('tojson', 1, (v) => toJson(v)),
    jmespath: fixed('jmespath', 2, () => {
      throw new Error('jmespath is not supported');
    }),
    yaml: fixed('yaml', 1, () => {
      throw new Error('yaml is not supported');
    }),
    toyaml: fixed('toyaml', 1, () => {
      throw new Error('toyaml is not supported');
    }),
    uniq: f((...lists) => {
      const seen: Value[] = [];
      for (const l of lists) for (const v of list(l)) if (!seen.some((s) => same(s, v))) seen.push(v);
      return seen;
    }),
    drop: fixed('drop', 2, (item, items) => {
      const l = list(items);
      if (typeof item === 'string') {
        if (l.some((x) => typeof x !== 'string')) throw new Error('all elements must be a string to drop a string');
        return l.filter((x) => !globMatch(item, x as string));
      }
      return l.filter((x) => !same(x, item));
    }),
    append: fixed('append', 2, (item, items) => [...list(items), item]),
    seq: fixed('seq', 1, (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
      if (Number.isNaN(n)) throw new Error('seq must be given an integer or numeric string');
      return Array.from({ length: Math.max(n, 0) }, (_, i) => String(i));
    }),
    join: fixed('join', 2, (d, v) => list(v).filter((e): e is string => typeof e === 'string').join(str(d))),
    joinkv: fixed('joinkv', 2, (sep, v) => {
      if (!isMap(v)) throw new Error('joinkv must be given a string map of strings');
      return Object.keys(v)
        .sort()
        .map((k) => {
          if (typeof v[k] !== 'string') throw new Error('joinkv must be given a string map of strings');
          return `${k}${str(sep)}${v[k]}`;
        });
    }),
    split: fixed('split', 2, (d, v) => {
      const s = asText(v);
      if (s === undefined) throw new Error('split must be given a string');
      const delim = str(d);
      return delim === '' ? [...s] : s.split(delim);
    }),
    splitkv: fixed('splitkv', 2, (sep, v) => {
      const out: GoMap = {};
      for (const e of list(v)) {
        if (typeof e !== 'string') throw new Error('splitkv must be given a string map of strings');
        const at = e.indexOf(str(sep));
        if (at >= 0) out[e.slice(0, at)] = e.slice(at + str(sep).length);
        else out[e] = true;
      }
      return out;
    }),
  };
}

function same(a: Value, b: Value): boolean {
  if (a instanceof Float && b instanceof Float) return a.v === b.v;
  return a === b;
}


