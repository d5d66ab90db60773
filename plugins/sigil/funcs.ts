import { arity, CallError, int, str } from './args.js';
import type { FuncMap } from './exec.js';
import { sprint, sprintf, sprintln } from './fmt.js';
import { Float, isMap, Stream, truth, type Value } from './values.js';

type Thunk = () => Value;
type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function kind(v: Value): Kind {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (v instanceof Float) return 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}

const num = (v: Value) => (v instanceof Float ? v.v : (v as number | string | boolean));

/** Go's eq: true when arg1 equals any later argument; basic kinds only, nil equals only nil. */
function eq(...args: Value[]): boolean {
  if (args.length < 2) throw new CallError(args.length ? 'missing argument for comparison' : 'wrong number of args for eq: want at least 1 got 0');
  const [a, ...rest] = args;
  const ka = kind(a!);
  for (const b of rest) {
    const kb = kind(b);
    if (ka !== kb) {
      if (ka !== 'invalid' && kb !== 'invalid') throw new CallError('incompatible types for comparison');
      continue;
    }
    if (ka === 'invalid') return true;
    if (ka === 'other') {
      if (a === b) return true;
      throw new CallError(`non-comparable types ${typeof a}, ${typeof b}`);
    }
    if (num(a) === num(b)) return true;
  }
  return false;
}

function lt(a: Value, b: Value): boolean {
  const ka = kind(a);
  const kb = kind(b);
  if (ka === 'invalid' || ka === 'bool' || ka === 'other' || kb === 'invalid' || kb === 'bool' || kb === 'other') throw new CallError('invalid type for comparison');
  if (ka !== kb) throw new CallError('incompatible types for comparison');
  return num(a) < num(b);
}

function two(name: string, f: (a: Value, b: Value) => boolean) {
  return (...args: Value[]) => {
    arity(name, args, 2);
    return f(args[0], args[1]);
  };
}

function len(...args: Value[]): number {
  arity('len', args, 1);
  const v = args[0];
  if (v === undefined || v === null) throw new Error('len of nil pointer');
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new Error(`len of type ${v instanceof Float ? 'float64' : typeof v === 'number' ? 'int' : typeof v}`);
}

function indexOne(item: Value, key: Value): Value {
  if (item === undefined || item === null) throw new Error('index of untyped nil');
  if (Array.isArray(item) || typeof item === 'string') {
    if (typeof key !== 'number') throw new Error(`cannot index slice/array with type ${key instanceof Float ? 'float64' : typeof key}`);
    const n = typeof item === 'string' ? Buffer.from(item, 'utf8') : item;
    if (key < 0 || key >= n.length) throw new Error(`index out of range: ${key}`);
    return n[key] as Value;
  }
  if (isMap(item)) {
    if (typeof key !== 'string') throw new Error(`value has type ${typeof key === 'number' ? 'int' : 'float64'}; should be string`);
    return Object.prototype.hasOwnProperty.call(item, key) ? item[key] : undefined;
  }
  throw new Error(`can't index item of type ${item instanceof Float ? 'float64' : typeof item === 'number' ? 'int' : typeof item}`);
}

function slice(...args: Value[]): Value {
  arity('slice', args, 1, true);
  const [item, ...idx] = args;
  if (item === undefined || item === null) throw new Error('slice of untyped nil');
  if (idx.length > 3) throw new Error(`too many slice indexes: ${idx.length}`);
  if (typeof item !== 'string' && !Array.isArray(item)) throw new Error(`can't slice item of type ${typeof item}`);
  if (typeof item === 'string' && idx.length === 3) throw new Error('cannot 3-index slice a string');
  const size = typeof item === 'string' ? Buffer.byteLength(item) : item.length;
  const ns = idx.map((i) => int(i));
  const [lo = 0, hi = size] = ns;
  if (lo < 0 || hi > size || lo > hi) throw new Error(`index out of range: ${hi > size ? hi : lo}`);
  return typeof item === 'string' ? Buffer.from(item, 'utf8').subarray(lo, hi).toString('utf8') : item.slice(lo, hi);
}

/** The one string html/js/urlquery escape: a lone string argument as is, anything else through fmt.Sprint. */
function evalArgs(args: Value[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

const HTML: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\0': '\uFFFD' };

function jsEscape(s: string): string {
  let out = '';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '\\' || c === "'" || c === '"') out += `\\${c}`;
    else if (c === '<' || c === '>' || c === '&' || c === '=') out += `\\u00${cp.toString(16).toUpperCase()}`;
    else if (cp < 0x20) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

function queryEscape(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** The functions every Go template has (text/template's builtins). */
export const goFuncs: FuncMap = {
  and: {
    lazy: true,
    fn: (...thunks: Value[]) => {
      if (!thunks.length) throw new CallError('wrong number of args for and: want at least 1 got 0');
      let v: Value;
      for (const t of thunks as unknown as Thunk[]) if (!truth((v = t()))) return v;
      return v;
    },
  },
  or: {
    lazy: true,
    fn: (...thunks: Value[]) => {
      if (!thunks.length) throw new CallError('wrong number of args for or: want at least 1 got 0');
      let v: Value;
      for (const t of thunks as unknown as Thunk[]) if (truth((v = t()))) return v;
      return v;
    },
  },
  not: { fn: (...a) => (arity('not', a, 1), !truth(a[0])) },
  eq: { fn: eq },
  ne: { fn: two('ne', (a, b) => !eq(a, b)) },
  lt: { fn: two('lt', lt) },
  le: { fn: two('le', (a, b) => lt(a, b) || eq(a, b)) },
  gt: { fn: two('gt', (a, b) => !(lt(a, b) || eq(a, b))) },
  ge: { fn: two('ge', (a, b) => !lt(a, b)) },
  len: { fn: len },
  index: {
    fn: (...a) => {
      arity('index', a, 1, true);
      return a.slice(1).reduce<Value>((item, key) => indexOne(item, key), a[0]);
    },
  },
  slice: { fn: slice },
  print: { fn: (...a) => sprint(a) },
  println: { fn: (...a) => sprintln(a) },
  printf: {
    fn: (...a) => {
      arity('printf', a, 1, true);
      return sprintf(str(a[0]), a.slice(1));
    },
  },
  html: { fn: (...a) => evalArgs(a).replace(/["'&<>\0]/g, (c) => HTML[c]!) },
  js: { fn: (...a) => jsEscape(evalArgs(a)) },
  urlquery: { fn: (...a) => queryEscape(evalArgs(a)) },
  call: {
    fn: (...a) => {
      arity('call', a, 1, true);
      const f = a[0];
      if (typeof f !== 'function') throw new Error(`non-function of type ${f instanceof Stream ? 'stream' : typeof f}`);
      return f(...a.slice(1));
    },
  },
};
