import { Float, formatFloatG, formatV, Stream, typeName, type Value } from './values.js';

/** fmt.Sprint: operands in %v, a space between two operands when neither is a string. */
export function sprint(args: Value[]): string {
  let out = '';
  args.forEach((a, n) => {
    if (n > 0 && typeof a !== 'string' && typeof args[n - 1] !== 'string') out += ' ';
    out += formatV(a);
  });
  return out;
}

export function sprintln(args: Value[]): string {
  return args.map(formatV).join(' ') + '\n';
}

/** strconv.Quote: double quotes, Go escapes, printable characters kept. */
export function quote(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (c === '\x07') out += '\\a';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (c === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return out + '"';
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function pad(s: string, f: Spec, numeric: boolean): string {
  if (f.width === undefined || s.length >= f.width) return s;
  if (f.minus) return s.padEnd(f.width);
  if (f.zero && numeric) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(f.width - sign.length, '0');
  }
  return s.padStart(f.width);
}

function bad(verb: string, v: Value): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatV(v)})`;
}

function signed(n: string, neg: boolean, f: Spec): string {
  return (neg ? '-' : f.plus ? '+' : f.space ? ' ' : '') + n;
}

function formatInt(n: number, verb: string, f: Spec): string | undefined {
  const neg = n < 0;
  const a = Math.abs(n);
  switch (verb) {
    case 'd':
    case 'v':
      return signed(String(a), neg, f);
    case 'x':
      return signed((f.sharp ? '0x' : '') + a.toString(16), neg, f);
    case 'X':
      return signed((f.sharp ? '0X' : '') + a.toString(16).toUpperCase(), neg, f);
    case 'o':
      return signed((f.sharp ? '0' : '') + a.toString(8), neg, f);
    case 'O':
      return signed('0o' + a.toString(8), neg, f);
    case 'b':
      return signed(a.toString(2), neg, f);
    case 'c':
      return String.fromCodePoint(n);
    case 'q':
      return `'${String.fromCodePoint(n)}'`;
    case 'U':
      return `U+${a.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

function formatFloat(x: number, verb: string, f: Spec): string | undefined {
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const exp = (s: string) => s.replace(/e([+-])(\d)$/, 'e$10$2');
  switch (verb) {
    case 'v':
    case 'g':
      return signed(formatFloatG(a, f.prec ?? -1), neg, f);
    case 'G':
      return signed(formatFloatG(a, f.prec ?? -1).toUpperCase(), neg, f);
    case 'f':
    case 'F':
      return signed(a.toFixed(f.prec ?? 6), neg, f);
    case 'e':
      return signed(exp(a.toExponential(f.prec ?? 6)), neg, f);
    case 'E':
      return signed(exp(a.toExponential(f.prec ?? 6)).toUpperCase(), neg, f);
  }
  return undefined;
}

function formatString(s: string, verb: string, f: Spec): string | undefined {
  const cut = f.prec !== undefined ? [...s].slice(0, f.prec).join('') : s;
  switch (verb) {
    case 'v':
      return f.sharp ? quote(s) : cut;
    case 's':
      return cut;
    case 'q':
      return quote(cut);
    case 'x':
    case 'X': {
      const hex = Buffer.from(cut, 'utf8').toString('hex');
      return verb === 'X' ? hex.toUpperCase() : hex;
    }
  }
  return undefined;
}

function formatOne(v: Value, verb: string, f: Spec): string {
  if (v instanceof Stream) v = v.text;
  let s: string | undefined;
  if (typeof v === 'string') s = formatString(v, verb, f);
  else if (typeof v === 'number') s = formatInt(v, verb, f);
  else if (v instanceof Float) s = formatFloat(v.v, verb, f);
  else if (typeof v === 'boolean') s = verb === 't' || verb === 'v' ? String(v) : undefined;
  else if (Array.isArray(v)) s = verb === 'q' || verb === 'x' || verb === 's' || verb === 'd' || verb === 'v' ? `[${v.map((e) => formatOne(e, verb, { ...f, width: undefined })).join(' ')}]` : undefined;
  else if (v === null || v === undefined) s = verb === 'v' ? '<nil>' : undefined;
  else s = verb === 'v' || verb === 's' ? formatV(v) : undefined;
  if (s === undefined) return bad(verb, v);
  return pad(s, f, typeof v === 'number' || v instanceof Float);
}

/** fmt.Sprintf with Go's flags, width, precision and verbs, and its %!verb(type=value) error forms. */
export function sprintf(format: string, args: Value[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    const f: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const fl = format[i];
      if (fl === '-') f.minus = true;
      else if (fl === '+') f.plus = true;
      else if (fl === '#') f.sharp = true;
      else if (fl === ' ') f.space = true;
      else if (fl === '0') f.zero = true;
      else break;
    }
    const num = () => {
      if (format[i] === '*') {
        i++;
        const a = args[argi++];
        return typeof a === 'number' ? a : undefined;
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    f.width = num();
    if (format[i] === '.') {
      i++;
      f.prec = num() ?? 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = [...format.slice(i)][0]!;
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(args[argi++], verb, f);
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => (a === null || a === undefined ? '<nil>' : `${typeName(a)}=${formatV(a)}`)).join(', ')})`;
  return out;
}
